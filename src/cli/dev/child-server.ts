import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** The `armature` executable (bin/armature.js), from src/cli/dev or dist/cli/dev alike. */
export const ARMATURE_BIN = join(__dirname, '..', '..', '..', 'bin', 'armature.js');

/** What a server started by `armature start` tells the dev process over IPC once it listens. */
export interface ListeningMessage {
  armatureDev: 'listening';
  url?: string;
}

export function isListeningMessage(message: unknown): message is ListeningMessage {
  return (message as ListeningMessage | undefined)?.armatureDev === 'listening';
}

/** One run of the project's server: `armature start …` as a child process. */
export class ChildServer {
  readonly process: ChildProcess;
  /** Resolves with the URL (HTTP) once the server listens; never resolves if it fails first. */
  readonly listening: Promise<string | undefined>;
  /** Resolves with the exit code (or signal) once the child is gone. */
  readonly exited: Promise<number | string>;

  constructor(startArgs: readonly string[], stdio: 'pipe' | 'inherit') {
    this.process = spawn(process.execPath, ['--enable-source-maps', ARMATURE_BIN, 'start', ...startArgs], {
      stdio: [stdio === 'pipe' ? 'pipe' : 'ignore', stdio, 'inherit', 'ipc'],
      env: { ...process.env, ARMATURE_DEV_CHILD: '1' },
    });
    this.listening = new Promise((resolve) => {
      this.process.on('message', (message) => {
        if (isListeningMessage(message)) resolve(message.url);
      });
    });
    this.exited = once(this.process, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /**
   * Asks the server to stop (SIGTERM: it finishes in-flight work and closes), and kills it if it
   * has not exited within the deadline.
   */
  async stop(deadlineMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), deadlineMs);
    await this.exited;
    clearTimeout(timer);
  }
}
