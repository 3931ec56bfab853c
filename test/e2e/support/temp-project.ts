import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * A user's project in a folder of its own: this repository's node_modules linked in and
 * `armature-mcp` mapped to the sources by tsconfig paths, so it runs what is checked out.
 */
export function tempProject(files: Record<string, string>): {
  dir: string;
  write(name: string, content: string): void;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'armature-project-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const write = (name: string, content: string) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  };
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        paths: { 'armature-mcp': [join(ROOT, 'src', 'index.ts')] },
      },
    }),
  );
  for (const [name, content] of Object.entries(files)) write(name, content);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
