import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningScript {
  /** Everything the script wrote to stdout and stderr so far. */
  output(): string;
  /** Stops the script and everything it started (its process group), and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `npm run <script> -- <args>` as a person would in a terminal, and resolves once its output
 * matches `ready` (rejecting with the output when it exits first or `timeoutMs` passes).
 */
export function startNpmScript(
  cwd: string,
  script: string,
  args: string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunningScript> {
  const child = spawn('npm', ['run', script, '--', ...args], {
    cwd,
    env: options.env ?? process.env,
    detached: true, // its own process group, so stop() reaches npm's children too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running: RunningScript = { output: () => text, stop: () => stop(child, exited) };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void running.stop();
      reject(new Error(`npm run ${script} did not print ${ready} within ${options.timeoutMs ?? 30_000} ms:\n${text}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (ready.test(text)) {
        clearTimeout(timer);
        resolve(running);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run ${script} exited (${code}) before printing ${ready}:\n${text}`));
    });
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return; // already gone
  }
  await exited;
  await groupGone(child.pid!);
}

/**
 * Resolves once no process of the group is left: npm exits before the server it started, which
 * still writes its caches on the way out. There is no event for another process's exit, so this
 * asks the kernel (signal 0) every 20 ms, for at most 10 s.
 */
async function groupGone(pgid: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`process group ${pgid} still runs 10 s after npm exited`);
}
