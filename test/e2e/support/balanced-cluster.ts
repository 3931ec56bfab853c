import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../integration/state/redis-fixture';
import { type Nginx, startNginx, stopProcess } from './nginx';
import { ROOT } from './spawn-example';

/** One `armature start` process, serving a project over HTTP on 127.0.0.1 and a port of its own. */
export interface Instance {
  pid: number;
  /** The endpoint it announced, e.g. `http://127.0.0.1:41234/mcp`. */
  url: string;
  /** `host:port`, as nginx names it in its access log. */
  host: string;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves once the process has exited, with its signal or code. */
  exited: Promise<string>;
  /** Ends it with SIGKILL, as a crash or an OOM killer would, and waits until it is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `node bin/armature.js start <project>` over `transport` on a free port and resolves once it
 * prints the URL it serves (it logs that line once it listens).
 */
export function startInstance(
  project: string,
  transport: 'streamable-http' | 'sse',
  env: Record<string, string>,
  config?: string,
): Promise<Instance> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'armature.js'),
      'start',
      project,
      '--transport',
      transport,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      ...(config ? ['--config', config] : []),
    ],
    { cwd: ROOT, env: { ...process.env, ARMATURE_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  const gone = exited.then(() => undefined);
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const url = /serving MCP over [\w\s-]+ at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url)
        resolve({
          pid: child.pid as number,
          url,
          host: new URL(url).host,
          stderr: () => stderr,
          exited,
          kill: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            await gone;
          },
          stop: () => stopProcess(child, gone),
        });
    });
    void exited.then((how) =>
      reject(new Error(`armature start ${project} ended (${how}) before listening:\n${stderr}`)),
    );
  });
}

export interface BalancedCluster {
  nginx: Nginx;
  instances: Instance[];
  /** The balancer's URL for a path; by default the MCP endpoint (`/mcp`, or `/sse`). */
  url(path?: string): string;
  /** The Redis key prefix of this run (deleted by `stop`). */
  prefix: string;
  /** Stops nginx and every instance still running, by PID, and deletes the run's Redis keys. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** How many instances (default 3). */
  instances?: number;
  /** The project of nest-cli-like.config.json (or of `config`) to serve (default `conformance`). */
  project?: string;
  /** Another config file than the repository's nest-cli-like.config.json. */
  config?: string;
  /** More environment for every instance. */
  env?: Record<string, string>;
  transport?: 'streamable-http' | 'sse';
  /** `memory` gives each instance state of its own: what happens without Redis. */
  state?: 'redis' | 'memory';
}

/**
 * N instances of one project with their state on the shared Redis (a key prefix of their own and
 * one `ARMATURE_STATE_KEY`), behind nginx in plain round-robin. Whatever fails half-way, what was
 * started is stopped before the error is thrown.
 */
export async function startBalancedCluster(options: ClusterOptions = {}): Promise<BalancedCluster> {
  const prefix = `armature-test:${randomUUID()}:`;
  const env: Record<string, string> =
    options.state === 'memory'
      ? {}
      : {
          ARMATURE_REDIS_URL: REDIS_URL,
          ARMATURE_REDIS_PREFIX: prefix,
          ARMATURE_STATE_KEY: randomBytes(32).toString('base64url'),
        };
  Object.assign(env, options.env);
  const started: Instance[] = [];
  let nginx: Nginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    await Promise.all(started.map((instance) => instance.stop()));
    await deleteKeys(prefix);
  };
  try {
    const count = options.instances ?? 3;
    const project = options.project ?? 'conformance';
    const transport = options.transport ?? 'streamable-http';
    const results = await Promise.allSettled(
      Array.from({ length: count }, () => startInstance(project, transport, env, options.config)),
    );
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    nginx = await startNginx(started.map((instance) => instance.url));
    const path = new URL(started[0].url).pathname;
    return {
      nginx,
      instances: started,
      prefix,
      url: (to = path) => (nginx as Nginx).url(to),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
