import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  type AddressInfo,
  connect,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Logger, McpApplication, McpServer, Tool } from '../../src';
import { REDIS_URL, redisSandbox } from '../integration/state/redis-fixture';
import { raw } from './support/http-raw';
import { sessionPeerOver } from './support/peers';

jest.setTimeout(30_000);

/** A tool that runs until the test lets it finish, so that a request is surely in flight. */
class Hold {
  started!: Promise<void>;
  private begin!: () => void;
  release!: () => void;
  finished!: Promise<void>;
  constructor() {
    this.reset();
  }
  reset(): void {
    this.started = new Promise((resolve) => {
      this.begin = resolve;
    });
    this.finished = new Promise((resolve) => {
      this.release = resolve;
    });
  }
  async run(): Promise<string> {
    this.begin();
    await this.finished;
    return 'released';
  }
}
const hold = new Hold();

@McpServer({ name: 'probed', version: '1.0.0' })
class ProbedServer {
  @Tool({ description: 'Runs until the test releases it' })
  hold() {
    return hold.run();
  }
}

const quiet = () => new Logger('armature', 'warn');
const get = (url: string) => raw(url, { method: 'GET' });

describe('health and readiness on the server Armature owns', () => {
  it('answers /healthz and /readyz once listening', async () => {
    const app = await McpApplication.create(ProbedServer, { logger: quiet() });
    await app.listen({ transport: 'streamable-http', port: 0 });
    const origin = new URL(app.url as string).origin;
    try {
      const health = await get(`${origin}/healthz`);
      expect(health.status).toBe(200);
      expect(health.json).toEqual({ status: 'ok' });
      const ready = await get(`${origin}/readyz`);
      expect(ready.status).toBe(200);
      expect(ready.json).toEqual({ status: 'ready' });
      expect(ready.headers['cache-control']).toBe('no-store');
    } finally {
      await app.close(2000);
    }
  });

  it('serves the probes at the configured paths, and nothing at the default ones', async () => {
    const app = await McpApplication.create(ProbedServer, { logger: quiet() });
    await app.listen({ transport: 'sse', port: 0, healthPath: '/livez', readyPath: '/ready' });
    const origin = new URL(app.url as string).origin;
    try {
      expect((await get(`${origin}/livez`)).json).toEqual({ status: 'ok' });
      expect((await get(`${origin}/ready`)).json).toEqual({ status: 'ready' });
      expect((await get(`${origin}/readyz`)).status).toBe(404);
    } finally {
      await app.close(2000);
    }
  });

  it('refuses probe paths that start without "/" or shadow the MCP endpoint, naming them', async () => {
    const app = await McpApplication.create(ProbedServer, { logger: quiet() });
    try {
      await expect(app.listen({ transport: 'streamable-http', port: 0, readyPath: '/mcp' })).rejects.toThrow(
        'Invalid HTTP options: readyPath "/mcp" is also an MCP path; choose another',
      );
    } finally {
      await app.close(2000);
    }
    const again = await McpApplication.create(ProbedServer, { logger: quiet() });
    try {
      expect(() => again.koa({ healthPath: 'live', readyPath: 'live' })).toThrow(
        'Invalid HTTP options: healthPath "live" must start with "/"; readyPath "live" must start with "/"; ' +
          'healthPath and readyPath are both "live"',
      );
    } finally {
      await again.close(2000);
    }
  });
});

/**
 * Mounted in the user's own server, the server keeps listening while Armature drains: readiness
 * turns 503 the moment close() is called, while the request in flight still gets its answer.
 */
describe('readiness while draining', () => {
  let server: Server;
  let origin: string;
  let app: McpApplication;

  beforeAll(async () => {
    app = await McpApplication.create(ProbedServer, { logger: quiet() });
    const mcp = app.handler({ transport: 'streamable-http' });
    server = createServer((req, res) => {
      if (req.url === '/own') return void res.end('still mine');
      mcp(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close(2000);
    await new Promise((resolve) => server.close(resolve));
  });

  it('is ready while mounted, 503 "draining" from the moment close() is called, and loses no request', async () => {
    expect((await get(`${origin}/readyz`)).json).toEqual({ status: 'ready' });
    const peer = await sessionPeerOver(new StreamableHTTPClientTransport(new URL(`${origin}/mcp`)));
    try {
      hold.reset();
      const call = peer.callTool('hold');
      await hold.started;

      const closing = app.close(10_000);
      const draining = await get(`${origin}/readyz`);
      expect(draining.status).toBe(503);
      expect(draining.json).toEqual({ status: 'not ready', reason: 'draining: the server is shutting down' });
      // Liveness is not readiness: a process that is finishing its work must not be killed.
      expect((await get(`${origin}/healthz`)).status).toBe(200);

      hold.release();
      expect((await call).content).toEqual([{ type: 'text', text: 'released' }]);
      await closing;
      expect((await get(`${origin}/readyz`)).status).toBe(503);
      expect((await get(`${origin}/own`)).text).toBe('still mine');
    } finally {
      await peer.close().catch(() => undefined);
    }
  });
});

/**
 * A TCP relay in front of the test Redis, so that the test can cut the application off from its
 * state (and restore it) while the application runs.
 */
class RedisRelay {
  private server?: TcpServer;
  private readonly sockets = new Set<Socket>();
  private readonly upstreams = new Set<Socket>();
  port = 0;

  async open(): Promise<void> {
    const target = new URL(REDIS_URL);
    this.server = createTcpServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      this.upstreams.add(upstream);
      upstream.on('close', () => this.upstreams.delete(upstream));
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  /** Redis's answers stop coming through (a hung Redis, or a network that drops them), or resume. */
  freeze(frozen: boolean): void {
    for (const upstream of this.upstreams) {
      if (frozen) upstream.pause();
      else upstream.resume();
    }
  }

  /** Closes the port and every relayed connection: Redis is now unreachable at this address. */
  async cut(): Promise<void> {
    const server = this.server;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

describe('readiness with Redis state', () => {
  const redis = redisSandbox();
  const relay = new RedisRelay();
  const lines: string[] = [];
  let app: McpApplication;
  let origin: string;
  let logged: (pattern: RegExp) => Promise<void>;

  beforeAll(async () => {
    await relay.open();
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    logged = (pattern) =>
      new Promise((resolve) => {
        if (lines.some((line) => pattern.test(line))) return resolve();
        waiters.push({ pattern, resolve });
      });
    const logger = new Logger('armature', 'info', (line) => {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve();
    });
    app = await McpApplication.create(ProbedServer, {
      logger,
      state: { type: 'redis', url: `redis://127.0.0.1:${relay.port}`, prefix: redis.prefix },
      stateKey: randomBytes(32).toString('hex'),
    });
    await app.listen({ transport: 'streamable-http', port: 0 });
    origin = new URL(app.url as string).origin;
  });
  afterAll(async () => {
    await app?.close(2000);
    await relay.cut();
    await redis.cleanup();
  });

  it('answers 503 within its bound when Redis stops answering, and is ready once the answers come', async () => {
    relay.freeze(true);
    const hung = await get(`${origin}/readyz`);
    relay.freeze(false);
    expect(hung.status).toBe(503);
    expect(hung.json.reason).toBe('the shared state cannot be reached (Redis: no PONG within 1000 ms)');
    expect((await get(`${origin}/readyz`)).json).toEqual({ status: 'ready' });
  });

  it('is ready while Redis answers, 503 with the reason once it cannot be reached, ready again when it is back', async () => {
    expect((await get(`${origin}/readyz`)).json).toEqual({ status: 'ready' });

    lines.length = 0;
    await relay.cut();
    // Both connections (commands and bus) notice the cut and say so once; readiness answers at once from then on.
    await Promise.all([logged(/Redis state connection .* failed/), logged(/Redis bus connection .* failed/)]);
    const down = await get(`${origin}/readyz`);
    expect(down.status).toBe(503);
    expect(down.json.status).toBe('not ready');
    expect(down.json.reason).toMatch(/^the shared state cannot be reached \(Redis: the state connection is \w+\)$/);
    // Liveness stays: restarting the process would not bring Redis back.
    expect((await get(`${origin}/healthz`)).status).toBe(200);

    await relay.open();
    await Promise.all([logged(/Redis state connection .* is back/), logged(/Redis bus connection .* is back/)]);
    expect((await get(`${origin}/readyz`)).json).toEqual({ status: 'ready' });
  });
});
