import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** How an example is started as a real process: TypeScript through Armature's loader, as `npm start` does. */
export function exampleCommand(example: string): {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
} {
  return {
    command: process.execPath,
    args: ['-r', join(ROOT, 'loader', 'register.cjs'), join(ROOT, 'examples', example, 'main.ts')],
    env: { ...(process.env as Record<string, string>), ARMATURE_LOG_LEVEL: 'warn' },
    cwd: ROOT,
  };
}
