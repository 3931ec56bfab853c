import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StatusServer } from '../../examples/deployment/src/status.server';
import { Logger, McpApplication } from '../../src';
import { type Instruction, readDockerfile, type Stage } from './support/dockerfile';
import { sessionPeerOver } from './support/peers';
import { ROOT } from './support/spawn-example';
import { StaticTokenVerifier } from './support/static-token-verifier';

const run = promisify(execFile);
// Building Armature, packing it and installing the package with its production dependencies: minutes.
jest.setTimeout(600_000);

const DOCKERFILE = join(ROOT, 'Dockerfile');

/** The environment of every step: no ARMATURE_* of the machine running the tests leaks in. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = { ...process.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' } as Record<
    string,
    string
  >;
  for (const name of Object.keys(env)) if (name.startsWith('ARMATURE_') || name === 'PORT') delete env[name];
  return { ...env, ...extra };
}

/**
 * Runs the Dockerfile's stages without Docker: each stage's file system is a temporary folder, the
 * absolute paths the Dockerfile uses (/build, /pack, /app) are mapped into it, and every RUN is
 * executed as written. The one exception is the build stage's `npm ci`: the checkout's own
 * node_modules, installed by that same command from the same package-lock.json, is linked in
 * instead of copying a few hundred MB of dev tools again. What the runtime stage installs is
 * installed for real, from the packed tarball, with production dependencies only.
 */
class Emulator {
  readonly roots = new Map<string, string>();
  readonly env = new Map<string, Record<string, string>>();
  readonly workdir = new Map<string, string>();
  readonly user = new Map<string, string>();
  healthcheck?: string[];
  cmd?: string[];

  constructor(
    private readonly work: string,
    private readonly stages: Stage[],
  ) {}

  /** A container path of a stage, in the temporary folder standing for its file system. */
  host(stage: string, path: string): string {
    return join(this.roots.get(stage)!, path);
  }

  async build(): Promise<void> {
    for (const stage of this.stages) {
      this.roots.set(stage.name, join(this.work, stage.name));
      mkdirSync(this.roots.get(stage.name)!, { recursive: true });
      this.env.set(stage.name, {});
      this.workdir.set(stage.name, '/');
      for (const step of stage.steps) await this.step(stage.name, step);
    }
  }

  private async step(stage: string, step: Instruction): Promise<void> {
    const cwd = () => this.host(stage, this.workdir.get(stage)!);
    switch (step.op) {
      case 'WORKDIR':
        this.workdir.set(stage, step.dir);
        mkdirSync(cwd(), { recursive: true });
        return;
      case 'COPY': {
        const into = step.dest.startsWith('/') ? this.host(stage, step.dest) : join(cwd(), step.dest);
        for (const source of step.sources) {
          const from = step.from ? this.host(step.from, source) : join(ROOT, source);
          const target = step.sources.length > 1 || step.dest.endsWith('/') ? join(into, basename(source)) : into;
          cpSync(from, target, { recursive: true, filter: (file) => !file.includes(`${'/'}node_modules`) });
        }
        return;
      }
      case 'RUN': {
        // A cache mount of npm's cache is this machine's npm cache: both outlive the build.
        expect(step.cache.every((target) => target === '/root/.npm')).toBe(true);
        if (/^npm ci\b/.test(step.command)) {
          expect(readFileSync(join(cwd(), 'package-lock.json'), 'utf8')).toBe(
            readFileSync(join(ROOT, 'package-lock.json'), 'utf8'),
          );
          symlinkSync(join(ROOT, 'node_modules'), join(cwd(), 'node_modules'), 'dir');
          return;
        }
        const command = step.command.replace(/(^|[\s=])\/(build|pack|app)\b/g, (_m, before: string, dir: string) => {
          return `${before}${this.host(stage, `/${dir}`)}`;
        });
        await run('sh', ['-c', command], { cwd: cwd(), env: cleanEnv(this.env.get(stage)), maxBuffer: 1 << 24 });
        return;
      }
      case 'ENV':
        Object.assign(this.env.get(stage)!, step.vars);
        return;
      case 'USER':
        this.user.set(stage, step.user);
        return;
      case 'EXPOSE':
        return;
      case 'HEALTHCHECK':
        this.healthcheck = step.command;
        return;
      case 'CMD':
        this.cmd = step.command;
        return;
    }
  }
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts the image's CMD in its WORKDIR with its ENV; resolves with the URL it logs once listening. */
function startImage(
  emulator: Emulator,
  runtime: Stage,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const [command, ...args] = emulator.cmd!;
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: emulator.host(runtime.name, emulator.workdir.get(runtime.name)!),
    env: cleanEnv({ ...emulator.env.get(runtime.name), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const served = /serving MCP over streamable HTTP at (http:\/\/\S+)/.exec(output);
      if (served) resolve({ child, url: served[1], output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the image's CMD exited (${code}) before listening:\n${output}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the Dockerfile', () => {
  const stages = readDockerfile(DOCKERFILE);
  const [build, runtime] = stages;
  const steps = (stage: Stage, op: Instruction['op']) => stage.steps.filter((step) => step.op === op);

  it('has a build stage and a runtime stage, and only instructions the deployment test reproduces', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['build', 'runtime']);
    expect(build.image).toBe(runtime.image);
    expect(build.image).toMatch(/^node:\d+-bookworm-slim$/);
  });

  it('builds with npm run build, packs Armature and compiles the example in the build stage', () => {
    const commands = (steps(build, 'RUN') as Extract<Instruction, { op: 'RUN' }>[]).map((step) => step.command);
    expect(commands).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run build',
      'mkdir -p /pack && npm pack --ignore-scripts --pack-destination /pack && mv /pack/armature-mcp-*.tgz /pack/armature-mcp.tgz',
      'node node_modules/typescript/bin/tsc -p examples/deployment/tsconfig.json',
    ]);
  });

  it('runs as a non-root user with production dependencies only, a healthcheck on /healthz and HTTP on 0.0.0.0', () => {
    const installs = steps(runtime, 'RUN') as Extract<Instruction, { op: 'RUN' }>[];
    expect(installs).toEqual([
      {
        op: 'RUN',
        command: 'npm install --omit=dev --no-audit --no-fund ./armature-mcp.tgz && rm armature-mcp.tgz',
        cache: ['/root/.npm'],
      },
    ]);
    expect(steps(runtime, 'USER')).toEqual([{ op: 'USER', user: 'node' }]);
    const env = Object.assign({}, ...steps(runtime, 'ENV').map((step) => (step as { vars: object }).vars));
    expect(env).toMatchObject({ NODE_ENV: 'production', ARMATURE_HOST: '0.0.0.0', PORT: '3000' });
    const [healthcheck] = steps(runtime, 'HEALTHCHECK') as Extract<Instruction, { op: 'HEALTHCHECK' }>[];
    expect(healthcheck.command.join(' ')).toContain('/healthz');
    expect(steps(runtime, 'CMD')).toEqual([{ op: 'CMD', command: ['node', 'dist/main.js'] }]);
    // The USER comes after the install, before anything runs: the server cannot write to its own code.
    const ops = runtime.steps.map((step) => step.op);
    expect(ops.indexOf('USER')).toBeGreaterThan(ops.lastIndexOf('RUN'));
  });
});

describe('the production image, built from the Dockerfile without Docker', () => {
  let work: string;
  let emulator: Emulator;
  let runtime: Stage;
  let app: string;
  let server: { child: ChildProcess; url: string; output: () => string };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'armature-image-'));
    const stages = readDockerfile(DOCKERFILE);
    runtime = stages[1];
    emulator = new Emulator(work, stages);
    await emulator.build();
    app = emulator.host(runtime.name, emulator.workdir.get(runtime.name)!);
    // As in the container, except that tests bind to 127.0.0.1 and a free port.
    server = await startImage(emulator, runtime, {
      ARMATURE_HOST: '127.0.0.1',
      PORT: '0',
      PUBLIC_HOST: 'mcp.example.test',
      ARMATURE_LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the compiled entry, its config and Armature with production dependencies only', () => {
    expect(readdirSync(app).sort()).toEqual([
      'dist',
      'nest-cli-like.config.json',
      'node_modules',
      'package-lock.json',
      'package.json',
    ]);
    expect(existsSync(join(app, 'dist', 'main.js'))).toBe(true);
    const modules = join(app, 'node_modules');
    const present = (name: string) => existsSync(join(modules, name, 'package.json'));
    const needed = ['armature-mcp', 'koa', '@koa/router', 'class-validator', 'reflect-metadata', 'tsyringe', 'ajv'];
    expect(needed.filter((name) => !present(name))).toEqual([]);
    // Armature's own dev dependencies and the test tools. (@types/node is there: @types/koa, a
    // dependency so that users' koa() mounts type-check, depends on it.)
    const devOnly = ['typescript', 'jest', '@biomejs/biome', '@swc/jest', '@modelcontextprotocol/sdk', 'fast-check'];
    expect(devOnly.filter(present)).toEqual([]);
    const armature = join(modules, 'armature-mcp');
    expect(readdirSync(armature).sort()).toEqual(
      expect.arrayContaining(['bin', 'dist', 'loader', 'package.json', 'schema']),
    );
    expect(existsSync(join(armature, 'src'))).toBe(false);
    expect(existsSync(join(armature, 'test'))).toBe(false);
    expect(existsSync(join(app, 'armature-mcp.tgz'))).toBe(false);
  });

  it('answers /healthz, and the image HEALTHCHECK command passes', async () => {
    const health = await get(new URL('/healthz', server.url).href);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    const [command, ...args] = emulator.healthcheck!;
    const port = new URL(server.url).port;
    await expect(
      run(command === 'node' ? process.execPath : command, args, { env: cleanEnv({ PORT: port }) }),
    ).resolves.toBeDefined();
  });

  it('serves a tool to the official client', async () => {
    const peer = await sessionPeerOver(new SessionHttp(new URL(server.url)));
    try {
      const echo = await peer.callTool('echo', { text: 'shipped' });
      expect(echo.content[0].text).toBe('shipped');
      const instance = JSON.parse((await peer.callTool('instance', {})).content[0].text);
      expect(instance.pid).toBe(server.child.pid);
      const invalid = await peer.callTool('echo', { text: '' });
      expect(invalid.isError).toBe(true);
    } finally {
      await peer.close();
    }
  });

  it('accepts the public host name it is configured for and refuses others (DNS-rebinding protection)', async () => {
    expect((await get(new URL('/healthz', server.url).href, { host: 'mcp.example.test' })).status).toBe(200);
    const refused = await get(server.url, { host: 'attacker.example' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.message).toBe('Forbidden: Host "attacker.example" is not allowed');
  });

  it('stops on SIGTERM, by its PID, with exit code 0', async () => {
    process.kill(server.child.pid!, 'SIGTERM');
    expect(await exited(server.child)).toBe(0);
  });
});

/**
 * Behind a reverse proxy that terminates TLS, the request Armature sees is plain HTTP on the upstream
 * address; `trustProxy` makes the URLs it builds (the protected-resource metadata, the challenge's
 * `resource_metadata`) the public https ones, from the headers the proxy sets.
 */
describe.each([
  [true, 'https://mcp.example.test'],
  [false, 'http://mcp.example.test'],
])('behind a TLS-terminating proxy, trustProxy %s', (trustProxy, origin) => {
  const verifier = new StaticTokenVerifier({ 'ops-token': { subject: 'ops', scopes: [] } });
  let app: McpApplication;
  beforeAll(async () => {
    app = await McpApplication.create(StatusServer, { logger: new Logger('armature', 'warn') });
    await app.listen({
      transport: 'streamable-http',
      host: '127.0.0.1',
      port: 0,
      allowedHosts: ['mcp.example.test'],
      trustProxy,
      auth: {
        verifyToken: (token: string) => verifier.verify(token),
        protectedResource: { authorizationServers: ['https://auth.example.test'] },
      },
    });
  });
  afterAll(async () => {
    await app?.close(2000);
  });

  // What nginx sends upstream for https://mcp.example.test/mcp (see docs/deployment.md).
  const proxied = { host: 'mcp.example.test', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };

  it(`names ${origin} in the bearer challenge and the protected-resource metadata`, async () => {
    const challenge = await new Promise<{ status: number; header: string }>((resolve, reject) => {
      const req = request(app.url!, { method: 'POST', headers: { ...proxied, 'content-type': 'application/json' } });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode!, header: String(res.headers['www-authenticate']) });
      });
      req.on('error', reject);
      req.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    });
    expect(challenge.status).toBe(401);
    expect(challenge.header).toContain(`resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);
    const metadata = await get(new URL('/.well-known/oauth-protected-resource/mcp', app.url).href, proxied);
    expect(JSON.parse(metadata.body)).toMatchObject({ resource: `${origin}/mcp` });
  });

  it('serves the official client with a token, through the same headers', async () => {
    const peer = await sessionPeerOver(
      new SessionHttp(new URL(app.url!), {
        requestInit: { headers: { ...proxied, authorization: 'Bearer ops-token' } },
      }),
    );
    try {
      expect((await peer.callTool('echo', { text: 'via the proxy' })).content[0].text).toBe('via the proxy');
    } finally {
      await peer.close();
    }
  });
});
