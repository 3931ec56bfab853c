import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT } from './spawn-example';

/** The nginx.conf of examples/scaling: the tests run the file the docs show. */
export const NGINX_TEMPLATE = join(ROOT, 'examples', 'scaling', 'nginx.conf');

export const NGINX_MISSING =
  'nginx is needed by the load-balancer tests and was not found on PATH, in /usr/sbin or /usr/local/sbin. ' +
  'Install it: `apt-get install -y nginx` (Debian, Ubuntu), `apk add nginx` (Alpine), `brew install nginx` ' +
  '(macOS); or point ARMATURE_TEST_NGINX at its binary.';

/** The nginx binary: ARMATURE_TEST_NGINX, then PATH, then where distributions put it. */
export function findNginx(): string | undefined {
  const explicit = process.env.ARMATURE_TEST_NGINX;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/opt/homebrew/bin'];
  return dirs.map((dir) => join(dir, 'nginx')).find((path) => path.startsWith('/') && existsSync(path));
}

/** nginx running as a round-robin balancer in front of `upstreams`, all in a folder of its own. */
export interface Nginx {
  pid: number;
  /** The balancer's URL for a path, e.g. `url('/mcp')`. */
  url(path: string): string;
  /** The `host:port` of the upstream that answered each request so far, in order (from its access log). */
  served(): string[];
  /** Each request so far as `METHOD /path?query STATUS`, in the same order as `served()`. */
  requests(): string[];
  /** Every upstream nginx tried for each request, in order: more than one when it passed a request on. */
  tried(): string[][];
  /**
   * Resolves once `count` (default 1) requests logged at index `from` or later match `pattern`. nginx logs a request
   * only when it ends, so a long-lived stream shows up some time after its client has moved on.
   */
  logged(pattern: RegExp, from: number, options?: { count?: number; timeoutMs?: number }): Promise<void>;
  /**
   * Resolves once the requests logged at index `from` or later (as `requests()` and `served()`
   * give them) satisfy `done`; rejects naming `what` after `timeoutMs` (default 10 s).
   */
  until(
    from: number,
    done: (requests: string[], served: string[]) => boolean,
    options?: { what?: string; timeoutMs?: number },
  ): Promise<void>;
  /** Everything nginx wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** The template filled in: one `server` line per upstream, the listen address, the run's folder. */
export function renderNginxConf(template: string, upstreams: string[], listen: string, dir: string): string {
  const servers = upstreams.map((upstream) => `    server ${new URL(upstream).host} max_fails=1 fail_timeout=10s;`);
  return template
    .replaceAll('{{UPSTREAMS}}', servers.join('\n'))
    .replaceAll('{{LISTEN}}', listen)
    .replaceAll('{{DIR}}', dir);
}

/**
 * Starts nginx (never the system service: its own config, pid file, logs and temp folders under a
 * fresh temporary folder) on 127.0.0.1 and a free port, and resolves once it answers through to
 * an upstream. A port taken between choosing and binding it is retried with another, a few times.
 */
export async function startNginx(upstreams: string[], options: { readyPath?: string } = {}): Promise<Nginx> {
  const binary = findNginx();
  if (!binary) throw new Error(NGINX_MISSING);
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, upstreams, await freePort(), options.readyPath ?? '/readyz');
    } catch (error) {
      lastError = error as Error;
      if (!/Address already in use/.test(lastError.message)) throw lastError;
    }
  }
  throw lastError;
}

async function startOnce(binary: string, upstreams: string[], port: number, readyPath: string): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'armature-nginx-'));
  // nginx started by root runs its worker as an unprivileged user, which must reach the temp folders.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, renderNginxConf(readFileSync(NGINX_TEMPLATE, 'utf8'), upstreams, `127.0.0.1:${port}`, dir));
  const child = spawn(binary, ['-p', dir, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nginx: Nginx = {
    pid: child.pid as number,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    // A request nginx passed on after a failure names every upstream it tried: the last one served it.
    served: () => nginx.tried().map((upstreams) => upstreams[upstreams.length - 1]),
    tried: () => accessLog(join(dir, 'access.log')).map((fields) => fields.slice(3).join(' ').split(', ')),
    requests: () => accessLog(join(dir, 'access.log')).map((fields) => fields.slice(0, 3).join(' ')),
    logged: (pattern, from, { count = 1, timeoutMs } = {}) =>
      nginx.until(from, (requests) => requests.filter((line) => pattern.test(line)).length >= count, {
        what: `${count} request(s) matching ${pattern}`,
        timeoutMs,
      }),
    until: (from, done, { what = 'the awaited requests', timeoutMs = 10_000 } = {}) =>
      logged(join(dir, 'access.log'), nginx, done, { from, timeoutMs, what }),
    stderr: () => stderr,
    stop: async () => {
      await stopProcess(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    // The master binds the listening socket before it starts its worker, and says so at "notice".
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (/start worker process \d+/.test(stderr)) resolve();
      });
      void exited.then(() => reject(new Error(`nginx exited before serving:\n${stderr}`)));
    });
    await answers(nginx.url(readyPath), 50);
    return nginx;
  } catch (error) {
    await nginx.stop();
    throw error;
  }
}

/**
 * Resolves once `url` answers below 500, trying again each time an attempt fails (each waits for
 * the last one's outcome), at most `attempts` times.
 */
export async function answers(url: string, attempts: number): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    const status = await new Promise<number | string>((resolve) => {
      const req = request(url, { agent: false, timeout: 2000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => resolve(error.message));
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.end();
    });
    if (typeof status === 'number' && status < 500) return;
    last = String(status);
    // Give the other side a turn of the event loop (and the scheduler) before asking again.
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
  }
  throw new Error(`${url} did not answer after ${attempts} attempts (last: ${last})`);
}

/** Watches the access log (inotify, no polling) until the requests from index `from` on satisfy `done`. */
function logged(
  path: string,
  nginx: Nginx,
  done: (requests: string[], served: string[]) => boolean,
  { from, timeoutMs, what }: { from: number; timeoutMs: number; what: string },
): Promise<void> {
  const found = () => done(nginx.requests().slice(from), nginx.served().slice(from));
  if (found()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const watcher = watch(path, () => {
      if (!found()) return;
      finish();
      resolve();
    });
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(`nginx did not log ${what} within ${timeoutMs} ms:\n${nginx.requests().slice(from).join('\n')}`),
      );
    }, timeoutMs);
    const finish = () => {
      watcher.close();
      clearTimeout(timer);
    };
    // A line written between the first look and the watch starting is not an event: look once more.
    if (found()) {
      finish();
      resolve();
    }
  });
}

/** The fields of each line of the access log: method, URI, status, upstream address. */
function accessLog(path: string): string[][] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' '));
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it has exited. */
export async function stopProcess(child: ChildProcess, exited: Promise<void>, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(force);
}
