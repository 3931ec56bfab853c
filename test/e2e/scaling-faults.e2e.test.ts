import { randomBytes } from 'node:crypto';
import { type IncomingMessage, request } from 'node:http';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type ListenOptions, Logger, McpApplication } from 'armature-mcp';
import { Redis } from 'ioredis';
import { REDIS_URL, redisSandbox } from '../integration/state/redis-fixture';
import { type BalancedCluster, type Instance, startBalancedCluster } from './support/balanced-cluster';
import { fetchBalancer } from './support/fetch-balancer';
import { openSession, postJson } from './support/http-raw';
import { ScalingServer } from './support/scaling.server';
import { StaticTokenVerifier } from './support/static-token-verifier';

const SCALING_CONFIG = join(__dirname, 'support', 'scaling.config.json');

// Three processes start and connect to Redis, and a death is seen only once its heartbeat expires.
jest.setTimeout(60_000);

/** Resolves once only `count` instances of the cluster have a heartbeat in Redis (a killed one's expired). */
async function heartbeatsLeft(cluster: BalancedCluster, count: number): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const deadline = Date.now() + 20_000;
    while ((await redis.keys(`${cluster.prefix}instance:*`)).length !== count) {
      if (Date.now() > deadline) throw new Error(`the heartbeats did not fall to ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    redis.disconnect();
  }
}

/** The instance running as process `pid`. */
const byPid = (cluster: BalancedCluster, pid: string): Instance => {
  const found = cluster.instances.find((instance) => String(instance.pid) === pid);
  if (!found) throw new Error(`no instance has pid ${pid}`);
  return found;
};

/** A GET that stays open: resolves with the response once its headers arrive. */
function openGet(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** The body of a response that ends. */
async function bodyOf(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += (chunk as Buffer).toString('utf8');
  return text;
}

describe('streamable HTTP: an instance killed behind nginx while it holds a stream', () => {
  let cluster: BalancedCluster;
  const clients: Client[] = [];

  beforeAll(async () => {
    cluster = await startBalancedCluster({
      instances: 3,
      project: 'scaling',
      config: SCALING_CONFIG,
      env: { SCALING_PAGE_SIZE: '2' },
    });
  }, 90_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  });
  afterAll(() => cluster?.stop());

  it('pages tools/list with cursors minted on one instance and accepted by the others', async () => {
    const client = new Client({ name: 'scaling-faults', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(new URL(cluster.url())));
    const from = cluster.nginx.requests().length;
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      expect(page.tools.length).toBeLessThanOrEqual(2);
      names.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(expect.arrayContaining(['ask_name', 'runs_until_killed', 'whoami', 'who_calls']));
    expect(new Set(names).size).toBe(names.length);
    // Each page's POST went to whichever instance nginx picked: the pages came from all three.
    // nginx logs a request when it has ended, which can be a moment after its client read the answer.
    const pages = (requests: string[], served: string[]) => served.filter((_, i) => requests[i].startsWith('POST'));
    await cluster.nginx
      .until(from, (requests, served) => new Set(pages(requests, served)).size === cluster.instances.length)
      .catch(() => undefined);
    const posts = pages(cluster.nginx.requests().slice(from), cluster.nginx.served().slice(from));
    expect(new Set(posts)).toEqual(new Set(cluster.instances.map((instance) => instance.host)));
  });

  it('answers a call lost with its instance with a JSON-RPC error saying to retry, on the resumed stream', async () => {
    const client = new Client({ name: 'scaling-faults', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(new URL(cluster.url())));
    const from = cluster.nginx.requests().length;
    let running: (pid: string) => void = () => undefined;
    const started = new Promise<string>((resolve) => {
      running = resolve;
    });
    const call = client.callTool({ name: 'runs_until_killed', arguments: {} }, undefined, {
      onprogress: (progress) => running(String(progress.message)),
    });
    const outcome = call.then(
      () => 'answered',
      (error: Error) => error.message,
    );
    const victim = byPid(cluster, await started);
    await victim.kill();
    expect(await victim.exited).toBe('SIGKILL');

    // The SDK resumed the stream with Last-Event-ID on a survivor, which answered for the dead instance.
    expect(await outcome).toMatch(
      /The server instance running this request stopped before answering.*send the request again/,
    );
    await expect(cluster.nginx.logged(/^GET \/mcp 200/, from)).resolves.toBeUndefined();
    // The session lives on: the client retries, and a survivor answers.
    expect((await client.callTool({ name: 'whoami', arguments: {} })).content).toEqual([
      { type: 'text', text: expect.not.stringMatching(String(victim.pid)) },
    ]);
  });
});

describe("streamable HTTP: a session's one standalone GET stream across instances behind nginx", () => {
  let cluster: BalancedCluster;
  const open: IncomingMessage[] = [];

  beforeAll(async () => {
    cluster = await startBalancedCluster({ instances: 3, project: 'scaling', config: SCALING_CONFIG });
  }, 90_000);
  afterAll(async () => {
    for (const response of open) response.destroy();
    await cluster?.stop();
  });

  it('refuses a second GET with 409 on any instance while its holder lives, and lets a new GET take over once it died', async () => {
    const sessionId = await openSession(cluster.url());
    await postJson(
      cluster.url(),
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { 'mcp-session-id': sessionId },
    );
    const headers = { accept: 'text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
    const first = await openGet(cluster.url(), headers);
    open.push(first);
    expect(first.statusCode).toBe(200);
    // Read as it comes, so that its end is seen when its instance dies (aborted: an error, expected).
    first.resume();
    first.on('error', () => undefined);
    const firstClosed = new Promise((resolve) => first.once('close', resolve));

    // The next two GETs go, round-robin, to the two other instances: both refuse.
    const from = cluster.nginx.requests().length;
    for (let n = 0; n < 2; n++) {
      const refused = await openGet(cluster.url(), headers);
      expect(refused.statusCode).toBe(409);
      expect(await bodyOf(refused)).toContain('this session already has a standalone stream');
    }
    // nginx logs a request once it has ended, which may be after its client read the answer.
    await cluster.nginx.logged(/^GET \/mcp 409/, from, { count: 2 });
    const refusers = new Set(cluster.nginx.served().slice(from));
    expect(refusers.size).toBe(2);
    const holder = cluster.instances.find((instance) => !refusers.has(instance.host)) as Instance;

    await holder.kill();
    expect(await holder.exited).toBe('SIGKILL');
    // nginx cut the stream when its instance died.
    await firstClosed;
    await heartbeatsLeft(cluster, 2);
    const taken = await openGet(cluster.url(), headers);
    open.push(taken);
    expect(taken.statusCode).toBe(200);
    // And it is the one now: another GET is refused.
    const again = await openGet(cluster.url(), headers);
    expect(again.statusCode).toBe(409);
    again.destroy();
  });
});

describe('legacy SSE: a POST for a session whose stream died with its instance, behind nginx', () => {
  let cluster: BalancedCluster;
  const clients: Client[] = [];

  beforeAll(async () => {
    cluster = await startBalancedCluster({
      instances: 3,
      project: 'scaling',
      config: SCALING_CONFIG,
      transport: 'sse',
    });
  }, 90_000);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  });
  afterAll(() => cluster?.stop());

  it('is answered 404 saying the stream is gone and to reconnect, not after the forwarding timeout', async () => {
    const transport = new SSEClientTransport(new URL(cluster.url()));
    const client = new Client({ name: 'scaling-faults', version: '1.0.0' });
    clients.push(client);
    await client.connect(transport);
    // Every POST of a legacy session runs on the instance holding its stream, wherever it landed.
    const [pid] = (await client.callTool({ name: 'whoami', arguments: {} })).content as { text: string }[];
    const holder = byPid(cluster, pid.text);
    // The session id is only in the endpoint the server sent; the SDK keeps it to itself.
    const endpoint = (transport as unknown as { _endpoint: URL })._endpoint;

    await holder.kill();
    expect(await holder.exited).toBe('SIGKILL');
    await heartbeatsLeft(cluster, 2);
    const post = await postJson(cluster.url(endpoint.pathname + endpoint.search), {
      jsonrpc: '2.0',
      id: 9,
      method: 'ping',
    });
    expect(post.status).toBe(404);
    expect(post.json.error.message).toMatch(
      /session \S+ is gone: the server instance holding its stream stopped; open a new stream with GET \/sse/,
    );
  });
});

/**
 * Two legacy SSE instances in this process behind a fetch that alternates between them, with bearer
 * auth: a POST reaching the instance without the stream is forwarded with its caller's principal.
 */
describe('legacy SSE: the principal of a forwarded POST', () => {
  const redis = redisSandbox();
  const apps: McpApplication[] = [];
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    await Promise.all(apps.splice(0).map((app) => app.close(2000)));
  });
  afterAll(() => redis.cleanup());

  it('is the one the handler on the holding instance sees, and another principal is refused', async () => {
    const verifier = new StaticTokenVerifier({
      'alice-token': { subject: 'alice', scopes: [] },
      'bob-token': { subject: 'bob', scopes: [] },
    });
    const stateKey = randomBytes(24).toString('base64url');
    for (let n = 0; n < 2; n++) {
      const app = await McpApplication.create(ScalingServer, {
        logger: new Logger('armature', 'warn'),
        state: { type: 'redis', url: REDIS_URL, prefix: redis.prefix },
        stateKey,
      });
      const auth = { verifyToken: (token: string) => verifier.verify(token) };
      await app.listen({ transport: 'sse', port: 0, auth } as ListenOptions);
      apps.push(app);
    }
    const balancer = fetchBalancer(apps.map((app) => app.url as string));
    const transport = new SSEClientTransport(new URL(apps[0].url as string), {
      fetch: balancer.fetch,
      requestInit: { headers: { Authorization: 'Bearer alice-token' } },
    });
    client = new Client({ name: 'scaling-faults', version: '1.0.0' });
    balancer.route(0);
    await client.connect(transport);
    const holder = balancer.log.find((entry) => entry.method === 'GET')?.upstream as number;
    const other = 1 - holder;

    balancer.route(other);
    expect((await client.callTool({ name: 'who_calls', arguments: {} })).content).toEqual([
      { type: 'text', text: 'alice' },
    ]);
    expect(
      balancer.log.filter((entry) => entry.messages.includes('tools/call')).map((entry) => entry.upstream),
    ).toEqual([other]);

    // Bob's token is valid, but the session is Alice's: the instance holding it refuses the forwarded POST.
    const endpoint = (transport as unknown as { _endpoint: URL })._endpoint;
    const asBob = await postJson(
      new URL(endpoint.pathname + endpoint.search, apps[other].url as string).href,
      { jsonrpc: '2.0', id: 9, method: 'ping' },
      { authorization: 'Bearer bob-token' },
    );
    expect(asBob.status).toBe(404);
    expect(asBob.json.error.message).toContain('no session');
  });
});
