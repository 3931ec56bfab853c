import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { type ListenOptions, Logger, McpApplication, MemorySessionStore } from 'armature-mcp';
import { REDIS_URL, redisSandbox } from '../integration/state/redis-fixture';
import { postJson } from './support/http-raw';
import { type Nginx, startNginx } from './support/nginx';
import { ScalingServer } from './support/scaling.server';
import { type SteeredFetch, steeredFetch } from './support/steered-fetch';

// Three applications start and connect to Redis: more than the default 5 s on a busy machine.
jest.setTimeout(30_000);

/**
 * Each instance serves a session from its own view of it, reading the session store only once per
 * refresh interval; changes and ends of the session reach the other instances' views over the bus.
 * The instances' clock is moved by hand: a view falls due by time only when a test says the
 * interval passed, so whatever else an instance sees of a change, it saw through the bus.
 */
let now = 0;
const sessionRefreshMs = 10_000;
const listen = { transport: 'streamable-http', port: 0, sessionRefreshMs, clock: () => now } as ListenOptions;

const ping = (url: string, sessionId: string) =>
  postJson(
    url,
    { jsonrpc: '2.0', id: 9, method: 'ping' },
    { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
  );

/** Waits for something another instance does, checking again every 10 ms. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('session views: three instances on one Redis behind nginx', () => {
  const redis = redisSandbox();
  const apps: McpApplication[] = [];
  const clients: Client[] = [];
  let nginx: Nginx | undefined;

  beforeAll(async () => {
    const stateKey = randomBytes(24).toString('base64url');
    for (let n = 0; n < 3; n++) {
      const app = await McpApplication.create(ScalingServer, {
        logger: new Logger('armature', 'warn'),
        state: { type: 'redis', url: REDIS_URL, prefix: redis.prefix },
        stateKey,
      });
      await app.listen(listen);
      apps.push(app);
    }
    nginx = await startNginx(apps.map((app) => app.url as string));
  }, 90_000);
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(apps.map((app) => app.close(2000)));
    await redis.cleanup();
  });

  /**
   * An SDK client whose session was opened through nginx, with its standalone stream on instance 2;
   * each instance has then served the session once, so each holds a view of it, fresh from Redis.
   */
  async function connected(): Promise<{
    client: Client;
    transport: StreamableHTTPClientTransport;
    steer: SteeredFetch;
  }> {
    const steer = steeredFetch(
      nginx!.url('/mcp'),
      apps.map((app) => app.url as string),
    );
    steer.streamVia(2);
    const transport = new StreamableHTTPClientTransport(new URL(nginx!.url('/mcp')), { fetch: steer.fetch });
    const client = new Client({ name: 'views-peer', version: '1.0.0' });
    clients.push(client);
    await client.connect(transport);
    for (const instance of [0, 1, 2]) {
      steer.via(instance);
      await client.callTool({ name: 'whoami', arguments: {} });
    }
    await until(() => steer.log.some((entry) => entry.method === 'GET' && entry.answered));
    return { client, transport, steer };
  }

  it('a log level set through instance A holds for the next call through instance B', async () => {
    const { client, steer } = await connected();
    const debugLine = new Promise<unknown>((resolve) => {
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        if (n.params.level === 'debug') resolve(n.params.data);
      });
    });
    steer.via(0);
    await client.setLoggingLevel('debug');
    steer.via(1);
    await client.callTool({ name: 'log_debug', arguments: {} });
    expect(await debugLine).toBe('a debug line');
  });

  it('a subscription made through A brings the update B announces to the stream C holds', async () => {
    const { client, steer } = await connected();
    const updated = new Promise<string>((resolve) => {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
    });
    steer.via(0);
    await client.subscribeResource({ uri: 'scaling://note' });
    steer.via(1);
    await client.callTool({ name: 'touch', arguments: { uri: 'scaling://note' } });
    expect(await updated).toBe('scaling://note');
  });

  it('DELETE through A ends the session at once on B and C, and through nginx: 404', async () => {
    const { transport, steer } = await connected();
    const sessionId = transport.sessionId as string;
    steer.via(0);
    await transport.terminateSession();
    for (const url of [apps[1].url as string, apps[2].url as string, nginx!.url('/mcp')]) {
      expect((await ping(url, sessionId)).status).toBe(404);
    }
  });

  it('an instance reads the session (sliding its TTL) once per refresh interval, not per request', async () => {
    const { client, transport, steer } = await connected();
    const key = `${redis.prefix}session:${transport.sessionId}`;
    const reads = jest.spyOn(apps[1].stores.sessions, 'get');
    await redis.raw.pexpire(key, 600_000);
    for (let n = 0; n < 5; n++) {
      steer.via(1);
      await client.callTool({ name: 'whoami', arguments: {} });
    }
    // Served from the view: Redis was not asked, and the session's TTL did not move.
    expect(reads).not.toHaveBeenCalled();
    expect(await redis.raw.pttl(key)).toBeLessThanOrEqual(600_000);
    now += sessionRefreshMs;
    for (let n = 0; n < 5; n++) {
      steer.via(1);
      await client.callTool({ name: 'whoami', arguments: {} });
    }
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await redis.raw.pttl(key)).toBeGreaterThan(600_000);
  });
});

describe('session views: one instance, in-memory state', () => {
  const clients: Client[] = [];
  let app: McpApplication | undefined;
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await app?.close(2000);
  });

  it('reads the session store once per refresh interval, and finds an expired session gone (404)', async () => {
    const sessionTtlMs = 60_000;
    const sessions = new MemorySessionStore(() => now);
    app = await McpApplication.create(ScalingServer, {
      logger: new Logger('armature', 'warn'),
      sessionStore: sessions,
    });
    await app.listen({ ...listen, sessionTtlMs });
    const reads = jest.spyOn(sessions, 'get');
    const transport = new StreamableHTTPClientTransport(new URL(app.url as string));
    const client = new Client({ name: 'views-peer', version: '1.0.0' });
    clients.push(client);
    await client.connect(transport);
    await client.callTool({ name: 'whoami', arguments: {} });
    const before = reads.mock.calls.length;
    for (let n = 0; n < 5; n++) await client.callTool({ name: 'whoami', arguments: {} });
    expect(reads.mock.calls.length).toBe(before);
    now += sessionRefreshMs;
    await client.callTool({ name: 'whoami', arguments: {} });
    expect(reads.mock.calls.length).toBe(before + 1);
    // Unused for its TTL, the session is gone from the store: the view, due by then, finds out.
    now += sessionTtlMs;
    expect((await ping(app.url as string, transport.sessionId as string)).status).toBe(404);
  });
});

describe('session views: the refresh interval', () => {
  it('must be below the session TTL, or the instance refuses to start and says why', async () => {
    const app = await McpApplication.create(ScalingServer, { logger: new Logger('armature', 'silent') });
    try {
      await expect(app.listen({ ...listen, sessionTtlMs: 60_000, sessionRefreshMs: 60_000 })).rejects.toThrow(
        'sessionRefreshMs (60000) must be below sessionTtlMs (60000)',
      );
    } finally {
      await app.close(2000);
    }
  });
});
