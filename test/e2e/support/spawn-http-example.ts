import { type ChildProcess, spawn } from 'node:child_process';
import { exampleCommand } from './spawn-example';

/** An example served over HTTP by a real process of its own, so that a crash shows as an exit. */
export interface SpawnedHttpExample {
  child: ChildProcess;
  /** The endpoint the process announced (`.../mcp` or `.../sse`). */
  url: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** The exit code once the process ended, or undefined while it lives. */
  exitCode(): number | null | undefined;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts `examples/<example>/main.ts` on 127.0.0.1 and a free port over `transport`, and waits for
 * the URL it logs when it listens.
 */
export function spawnHttpExample(
  example: string,
  transport: 'streamable-http' | 'sse',
  env: Record<string, string> = {},
): Promise<SpawnedHttpExample> {
  const command = exampleCommand(example);
  return spawnHttpEntry(command.args[command.args.length - 1], transport, env);
}

/** Starts any TypeScript entry file that serves MCP (as the examples' main.ts do) the same way. */
export function spawnHttpEntry(
  entry: string,
  transport: 'streamable-http' | 'sse',
  env: Record<string, string> = {},
): Promise<SpawnedHttpExample> {
  const command = exampleCommand('.');
  const child = spawn(command.command, [...command.args.slice(0, -1), entry], {
    cwd: command.cwd,
    env: {
      ...command.env,
      ARMATURE_TRANSPORT: transport,
      ARMATURE_PORT: '0',
      ARMATURE_HOST: '127.0.0.1',
      ARMATURE_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (exitCode) => {
      code = exitCode;
      resolve(exitCode);
    });
  });
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const url = /serving MCP over [\w\s-]+ at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url)
        resolve({
          child,
          url,
          stderr: () => stderr,
          exitCode: () => code,
          exited,
          stop: async () => {
            if (code === undefined) {
              child.kill('SIGTERM');
              await exited;
            }
          },
        });
    });
    void exited.then((exitCode) => reject(new Error(`the example exited (${exitCode}) before listening:\n${stderr}`)));
  });
}
