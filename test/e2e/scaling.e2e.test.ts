import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CallToolResultSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { type ListenOptions, Logger, McpApplication } from 'armature-mcp';
import { ConformanceServer } from '../../examples/conformance/conformance.server';
import { REDIS_URL, redisSandbox } from '../integration/state/redis-fixture';
import { type BalancedCluster, deleteKeys, startBalancedCluster } from './support/balanced-cluster';
import { type FetchBalancer, fetchBalancer } from './support/fetch-balancer';
import { connectSessionHttpPeer, connectStatelessHttpPeer, type HttpPeer } from './support/http-peers';
import { postJson } from './support/http-raw';
import { freePort } from './support/nginx';
import { type RoundRobin, roundRobin } from './support/round-robin';
import { ScalingServer } from './support/scaling.server';
import { ROOT } from './support/spawn-example';
import { type SpawnedHttpExample, spawnHttpEntry } from './support/spawn-http-example';
import { StaticTokenVerifier } from './support/static-token-verifier';

/** One instance of the conformance server on streamable HTTP, with its state in the shared Redis. */
async function instance(prefix: string, stateKey: string): Promise<McpApplication> {
  const app = await McpApplication.create(ConformanceServer, {
    logger: new Logger('armature', 'warn'),
    state: { type: 'redis', url: REDIS_URL, prefix },
    stateKey,
  });
  await app.listen({ transport: 'streamable-http', port: 0 });
  return app;
}

// Two applications start and connect to Redis per test: more than the default 5 s on a busy machine.
jest.setTimeout(30_000);

describe('two instances on one Redis behind a round-robin balancer', () => {
  const redis = redisSandbox();
  const apps: McpApplication[] = [];
  let balancer: RoundRobin | undefined;
  let peer: HttpPeer | undefined;

  async function cluster(keys: [string, string]): Promise<RoundRobin> {
    const pair = [await instance(redis.prefix, keys[0]), await instance(redis.prefix, keys[1])];
    apps.push(...pair);
    balancer = await roundRobin(pair.map((app) => app.url as string));
    return balancer;
  }

  afterEach(async () => {
    await peer?.close();
    await balancer?.close();
    await Promise.all(apps.splice(0).map((app) => app.close(2000)));
    peer = balancer = undefined;
  });
  afterAll(() => redis.cleanup());

  describe('2026-07-28: a multi round-trip request', () => {
    it('sealed on one instance opens on the other when they share the stateKey', async () => {
      const key = randomBytes(24).toString('base64url');
      const lb = await cluster([key, key]);
      peer = await connectStatelessHttpPeer(lb.url('/mcp'));
      const before = lb.served.length;
      const result = await peer.callTool('test_elicitation', { message: 'Please provide your information' });
      expect(result.isError).toBeFalsy();
      expect(result.content[0].text).toContain('ada@example.com');
      expect(peer.asked.map((q) => q.method)).toEqual(['elicitation/create']);
      // The first round went to one instance and the retry with the answers to the other.
      expect(new Set(lb.served.slice(before))).toEqual(new Set([0, 1]));
    });

    it('fails as tampered when each instance seals with its own key (what a shared key prevents)', async () => {
      const lb = await cluster([randomBytes(24).toString('base64url'), randomBytes(24).toString('base64url')]);
      peer = await connectStatelessHttpPeer(lb.url('/mcp'));
      // The second round lands on the instance whose key did not seal the state.
      await expect(peer.callTool('test_elicitation', { message: 'Please provide your information' })).rejects.toThrow(
        /requestState is tampered/,
      );
    });
  });
});

describe('three instances behind nginx, round-robin, no affinity', () => {
  let cluster: BalancedCluster;
  let peer: HttpPeer | undefined;

  beforeAll(async () => {
    cluster = await startBalancedCluster({ instances: 3 });
  }, 90_000);
  afterEach(async () => {
    await peer?.close();
    peer = undefined;
  });
  afterAll(() => cluster?.stop());

  /**
   * The instances that served the requests made since `from` (an index into nginx's log), once
   * `enough` of them are logged: nginx logs a request when it has ended, which can be a moment after
   * its client read the answer.
   */
  const servedSince = async (from: number, enough: (instances: Set<string>) => boolean) => {
    await cluster.nginx
      .until(from, (_, served) => enough(new Set(served)), { what: 'the instances expected' })
      .catch(
        () => undefined, // the assertion that follows names what is missing
      );
    return new Set(cluster.nginx.served().slice(from));
  };
  const all = () => new Set(cluster.instances.map((instance) => instance.host));
  const allServed = (instances: Set<string>) => instances.size === cluster.instances.length;

  describe('2026-07-28 with @modelcontextprotocol/client', () => {
    it('answers every kind of request, each on whichever instance nginx picks', async () => {
      const from = cluster.nginx.served().length;
      peer = await connectStatelessHttpPeer(cluster.url());
      expect((await peer.listTools()).tools.map((tool: { name: string }) => tool.name)).toContain('test_simple_text');
      expect((await peer.callTool('test_simple_text')).content[0].text).toBeTruthy();
      expect((await peer.readResource('test://template/42/data')).contents[0].text).toContain('42');
      const prompt = await peer.getPrompt('test_prompt_with_arguments', { arg1: 'a', arg2: 'b' });
      expect(prompt.messages.length).toBeGreaterThan(0);
      expect(await servedSince(from, allServed)).toEqual(all());
    });

    it('runs a multi round-trip request whose rounds land on different instances', async () => {
      peer = await connectStatelessHttpPeer(cluster.url());
      const from = cluster.nginx.served().length;
      const result = await peer.callTool('test_elicitation', { message: 'Please provide your information' });
      expect(result.isError).toBeFalsy();
      expect(result.content[0].text).toContain('ada@example.com');
      expect(peer.asked.map((question) => question.method)).toEqual(['elicitation/create']);
      // Round-robin sent the retry carrying the answer to the next instance, which opened the sealed state.
      expect((await servedSince(from, (instances) => instances.size >= 2)).size).toBeGreaterThanOrEqual(2);
    });

    it('passes the progress notifications of a tool through nginx', async () => {
      peer = await connectStatelessHttpPeer(cluster.url());
      const progress: number[] = [];
      const result = await peer.callTool(
        'test_tool_with_progress',
        {},
        { onprogress: (p) => progress.push(p.progress) },
      );
      expect(result.isError).toBeFalsy();
      expect(progress.length).toBeGreaterThanOrEqual(3);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    });
  });

  describe('the session era with @modelcontextprotocol/sdk', () => {
    it('serves one session on every instance: initialize on one, each later request on whichever nginx picks', async () => {
      const from = cluster.nginx.served().length;
      peer = await connectSessionHttpPeer(cluster.url(), 'streamable-http');
      expect((await peer.listTools()).tools.length).toBeGreaterThan(0);
      for (let call = 0; call < 3; call++) expect((await peer.callTool('test_simple_text')).isError).toBeFalsy();
      expect((await peer.readResource('test://static-text')).contents[0].text).toBeTruthy();
      expect(await servedSince(from, allServed)).toEqual(all());
    });

    it('streams progress and log messages of a tool call through nginx', async () => {
      peer = await connectSessionHttpPeer(cluster.url(), 'streamable-http');
      const progress: number[] = [];
      await peer.callTool('test_tool_with_progress', {}, { onprogress: (p) => progress.push(p.progress) });
      expect(progress.length).toBeGreaterThanOrEqual(3);
      await peer.callTool('test_tool_with_logging', {}, { logLevel: 'debug' });
      expect(peer.logs.length).toBeGreaterThanOrEqual(3);
    });

    it('runs elicitation round trips through nginx, each answer landing on whichever instance', async () => {
      peer = await connectSessionHttpPeer(cluster.url(), 'streamable-http');
      for (let round = 0; round < 3; round++) {
        const result = await peer.callTool('test_elicitation', { message: `Round ${round}` });
        expect(result.content[0].text).toContain('ada@example.com');
      }
      expect(peer.asked.map((question) => question.method)).toEqual(Array(3).fill('elicitation/create'));
    });

    it('resumes a stream the server closed mid-call with Last-Event-ID, on whichever instance', async () => {
      peer = await connectSessionHttpPeer(cluster.url(), 'streamable-http');
      const from = cluster.nginx.requests().length;
      const result = await peer.callTool('test_reconnection');
      expect(result.content[0].text).toBe('Reconnection test completed');
      // The client came back with a GET carrying Last-Event-ID, and got the answer there.
      await expect(cluster.nginx.logged(/^GET \/mcp 200/, from)).resolves.toBeUndefined();
    });
  });
});

describe('legacy SSE (2024-11-05) on three instances behind nginx, no affinity', () => {
  let cluster: BalancedCluster;
  let peer: HttpPeer | undefined;

  beforeAll(async () => {
    cluster = await startBalancedCluster({ instances: 3, transport: 'sse' });
  }, 90_000);
  afterEach(async () => {
    await peer?.close();
    peer = undefined;
  });
  afterAll(() => cluster?.stop());

  /**
   * Which instances served the POSTs to /messages made since `from` (an index into nginx's log),
   * once all of them are among those logged (nginx logs a request when it has ended).
   */
  const postsServedSince = async (from: number) => {
    const posts = (requests: string[], served: string[]) =>
      new Set(served.filter((_, i) => requests[i].startsWith('POST /messages')));
    const all = (requests: string[], served: string[]) => posts(requests, served).size === cluster.instances.length;
    await cluster.nginx.until(from, all, { what: 'POSTs served by every instance' }).catch(() => undefined);
    return posts(cluster.nginx.requests().slice(from), cluster.nginx.served().slice(from));
  };

  it('serves a session whose POSTs land on instances other than the one holding its stream', async () => {
    const from = cluster.nginx.served().length;
    peer = await connectSessionHttpPeer(cluster.url(), 'sse');
    expect((await peer.callTool('test_simple_text')).content[0].text).toBeTruthy();
    const progress: number[] = [];
    await peer.callTool('test_tool_with_progress', {}, { onprogress: (p) => progress.push(p.progress) });
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect((await peer.readResource('test://template/7/data')).contents[0].text).toContain('7');
    // Every instance took some of the POSTs; the two without the stream forwarded theirs over Redis.
    expect(await postsServedSince(from)).toEqual(new Set(cluster.instances.map((instance) => instance.host)));
  });

  it('carries the answer to a server-to-client request from whichever instance got it to the waiting handler', async () => {
    peer = await connectSessionHttpPeer(cluster.url(), 'sse');
    for (let round = 0; round < 3; round++) {
      const result = await peer.callTool('test_elicitation', { message: `Round ${round}` });
      expect(result.content[0].text).toContain('ada@example.com');
    }
    expect(peer.asked.map((question) => question.method)).toEqual(Array(3).fill('elicitation/create'));
  });

  it('answers 404 for a session no instance holds, and 400 without a session id', async () => {
    const unknown = await postJson(cluster.url('/messages?sessionId=no-such-session'), {
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toContain('no session no-such-session');
    expect((await postJson(cluster.url('/messages'), { jsonrpc: '2.0', id: 1, method: 'ping' })).status).toBe(400);
  });
});
/**
 * The session era (2025-11-25 and earlier) across instances: the official SDK 1.x client talks to
 * two instances through a fetch that alternates between them, so consecutive requests of one
 * session land on different instances, with no affinity of any kind.
 */
describe('session era: one session served by two instances on one Redis', () => {
  const redis = redisSandbox();
  const key = randomBytes(24).toString('base64url');
  const apps: McpApplication[] = [];
  const clients: Client[] = [];

  async function scalingInstance(listen: Partial<ListenOptions> = {}): Promise<McpApplication> {
    const app = await McpApplication.create(ScalingServer, {
      logger: new Logger('armature', 'warn'),
      state: { type: 'redis', url: REDIS_URL, prefix: redis.prefix },
      stateKey: key,
    });
    await app.listen({ transport: 'streamable-http', port: 0, ...listen } as ListenOptions);
    apps.push(app);
    return app;
  }

  /** Two instances and an SDK client whose every request goes to the next one in turn. */
  async function connected(
    answerName = 'Ada',
    headers: Record<string, string> = {},
    listen: Partial<ListenOptions> = {},
  ) {
    const pair = [await scalingInstance(listen), await scalingInstance(listen)];
    const balancer = fetchBalancer(pair.map((app) => app.url as string));
    const transport = new StreamableHTTPClientTransport(new URL(pair[0].url as string), {
      fetch: balancer.fetch,
      requestInit: { headers },
    });
    const client = new Client({ name: 'scaling-peer', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: answerName } }));
    clients.push(client);
    await client.connect(transport);
    return { pair, balancer, transport, client };
  }

  /** Where each JSON-RPC message of the session went, e.g. which instance got `tools/call`. */
  const upstreamsOf = (balancer: FetchBalancer, message: string) =>
    balancer.log.filter((entry) => entry.messages.includes(message)).map((entry) => entry.upstream);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await Promise.all(apps.splice(0).map((app) => app.close(2000)));
  });
  afterAll(() => redis.cleanup());

  it('initialize on one instance, every later request on either', async () => {
    const { balancer, client } = await connected();
    const calls = [];
    for (let n = 0; n < 4; n++)
      calls.push(await client.callTool({ name: 'touch', arguments: { uri: `scaling://${n}` } }));
    expect(calls.map((c) => (c.content as { text: string }[])[0].text)).toEqual([
      'touched scaling://0',
      'touched scaling://1',
      'touched scaling://2',
      'touched scaling://3',
    ]);
    expect(upstreamsOf(balancer, 'initialize')).toEqual([0]);
    expect(new Set(upstreamsOf(balancer, 'tools/call'))).toEqual(new Set([0, 1]));
  });

  it('an elicitation answered through the other instance reaches the handler waiting for it', async () => {
    const { balancer, client } = await connected('Grace');
    const result = await client.callTool({ name: 'ask_name', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'Hello, Grace' }]);
    const [asked] = upstreamsOf(balancer, 'tools/call');
    const [answered] = upstreamsOf(balancer, 'response');
    expect(answered).not.toBe(asked);
  });

  it('notifications/cancelled reaches the instance running the request', async () => {
    const { balancer, client } = await connected();
    const before = ScalingServer.cancelled.length;
    const controller = new AbortController();
    const started = new Promise<void>((resolve) => {
      void client
        .callTool({ name: 'wait_for_cancel', arguments: {} }, undefined, {
          signal: controller.signal,
          onprogress: () => resolve(),
        })
        .catch(() => undefined);
    });
    await started;
    controller.abort('the user gave up');
    await until(() => ScalingServer.cancelled.length > before);
    expect(ScalingServer.cancelled.at(-1)).toContain('the user gave up');
    const [running] = upstreamsOf(balancer, 'tools/call');
    const [cancelled] = upstreamsOf(balancer, 'notifications/cancelled');
    expect(cancelled).not.toBe(running);
  });

  it('resource updates and list changes reach the GET stream held by the other instance', async () => {
    const { pair, balancer, client } = await connected();
    const updated = new Promise<string>((resolve) => {
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
    });
    const listChanged = new Promise<void>((resolve) => {
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve());
    });
    // Answered, not only sent: the instance attaches the stream before it answers the GET's headers.
    await until(() => balancer.log.some((entry) => entry.method === 'GET' && entry.answered));
    const stream = balancer.log.find((entry) => entry.method === 'GET')?.upstream as number;
    const other = 1 - stream;
    balancer.route(other);
    await client.subscribeResource({ uri: 'scaling://note' });
    balancer.route(other);
    await client.callTool({ name: 'touch', arguments: { uri: 'scaling://note' } });
    expect(await updated).toBe('scaling://note');
    pair[other].registry.disableTool('whoami');
    await listChanged;
  });

  it('DELETE through one instance ends the session on every instance', async () => {
    const { pair, transport } = await connected();
    const sessionId = transport.sessionId as string;
    await transport.terminateSession();
    for (const app of pair) {
      const res = await fetch(app.url as string, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': sessionId,
          'mcp-protocol-version': '2025-11-25',
        },
        body: '{"jsonrpc":"2.0","id":9,"method":"ping"}',
      });
      expect(res.status).toBe(404);
    }
  });

  it('a log level set through one instance holds on the other', async () => {
    const { balancer, client } = await connected();
    const debugLine = new Promise<unknown>((resolve) => {
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        if (n.params.level === 'debug') resolve(n.params.data);
      });
    });
    balancer.route(0);
    await client.setLoggingLevel('debug');
    balancer.route(1);
    await client.callTool({ name: 'log_debug', arguments: {} });
    expect(await debugLine).toBe('a debug line');
  });

  it('what a handler sends aside reaches the GET stream held by the other instance (JSON answers)', async () => {
    const { balancer, client } = await connected('Ada', {}, { responseMode: 'json' });
    const logged = new Promise<unknown>((resolve) => {
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => resolve(n.params.data));
    });
    // Answered, not only sent: the instance attaches the stream before it answers the GET's headers.
    await until(() => balancer.log.some((entry) => entry.method === 'GET' && entry.answered));
    const stream = balancer.log.find((entry) => entry.method === 'GET')?.upstream as number;
    balancer.route(1 - stream);
    expect((await client.callTool({ name: 'log_line', arguments: {} })).content).toEqual([
      { type: 'text', text: 'logged' },
    ]);
    expect(await logged).toBe('a line from the handler');
  });

  it('a task started on one instance is read, cancelled and answered through the other', async () => {
    const { balancer, client } = await connected();
    const before = ScalingServer.cancelled.length;
    balancer.route(0);
    const stream = client.experimental.tasks.callToolStream(
      { name: 'wait_for_cancel', arguments: {} },
      CallToolResultSchema,
      { task: { ttl: 60_000 } },
    );
    const created = (await stream.next()).value as { type: string; task: { taskId: string } };
    expect(created.type).toBe('taskCreated');
    const { taskId } = created.task;
    balancer.route(1);
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe('working');
    balancer.route(1);
    await client.experimental.tasks.cancelTask(taskId);
    // The handler runs on instance 0: the cancellation reached it over the bus.
    await until(() => ScalingServer.cancelled.length > before);
    expect(ScalingServer.cancelled.at(-1)).toContain('the task was cancelled');
    balancer.route(1);
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe('cancelled');
  });

  it('a stream resumed with Last-Event-ID on the other instance gets every event once, live ones included', async () => {
    const { balancer, client } = await connected();
    const progress: string[] = [];
    balancer.route(0, 1);
    const call = client.callTool({ name: 'closes_stream', arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p.message as string),
      resetTimeoutOnProgress: true,
    });
    // The handler closed the stream; the client resumed it on instance 1, which answered its GET.
    await until(() => balancer.log.some((entry) => entry.lastEventId !== undefined && entry.answered));
    const resumed = balancer.log.find((entry) => entry.lastEventId !== undefined);
    expect(resumed?.upstream).toBe(1);
    // Only now does the handler on instance 0 go on: its progress and answer are relayed live.
    ScalingServer.release();
    expect((await call).content).toEqual([{ type: 'text', text: 'finished after the stream closed' }]);
    expect(progress).toEqual(['after the stream closed']);
    // One resumption was enough: the events came live, not through yet another reconnection.
    expect(balancer.log.filter((entry) => entry.lastEventId !== undefined)).toHaveLength(1);
  });

  it('a session stays bound to its principal on every instance', async () => {
    const verifier = new StaticTokenVerifier({
      'alice-token': { subject: 'alice', scopes: [] },
      'bob-token': { subject: 'bob', scopes: [] },
    });
    const auth = { verifyToken: (token: string) => verifier.verify(token) };
    const { pair, transport, client, balancer } = await connected(
      'Ada',
      { Authorization: 'Bearer alice-token' },
      { auth },
    );
    await client.callTool({ name: 'whoami', arguments: {} });
    await client.callTool({ name: 'whoami', arguments: {} });
    expect(new Set(upstreamsOf(balancer, 'tools/call'))).toEqual(new Set([0, 1]));
    for (const app of pair) {
      const asBob = await fetch(app.url as string, {
        method: 'POST',
        headers: {
          authorization: 'Bearer bob-token',
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': transport.sessionId as string,
          'mcp-protocol-version': '2025-11-25',
        },
        body: '{"jsonrpc":"2.0","id":9,"method":"ping"}',
      });
      expect(asBob.status).toBe(404);
    }
  });
});

/** Waits for something another instance (or Redis) does, checking again every 10 ms. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('an instance killed behind nginx', () => {
  let cluster: BalancedCluster;
  let peer: HttpPeer | undefined;
  let session: HttpPeer | undefined;

  beforeAll(async () => {
    cluster = await startBalancedCluster({ instances: 3 });
  }, 90_000);
  afterEach(async () => {
    await peer?.close();
    await session?.close();
    peer = session = undefined;
  });
  afterAll(() => cluster?.stop());

  it('takes nothing with it: nginx passes requests it cannot connect with to the others, and clients see only answers', async () => {
    peer = await connectStatelessHttpPeer(cluster.url());
    // A session-era session too, opened while all three lived: it lives in Redis, not in one of them.
    session = await connectSessionHttpPeer(cluster.url(), 'streamable-http');
    const [victim, ...survivors] = cluster.instances;
    for (let call = 0; call < 6; call++) {
      expect((await peer.callTool('test_simple_text')).isError).toBeFalsy();
      expect((await session.callTool('test_simple_text')).isError).toBeFalsy();
    }
    await victim.kill();
    expect(await victim.exited).toBe('SIGKILL');

    const from = cluster.nginx.served().length;
    for (let call = 0; call < 12; call++) {
      expect((await peer.callTool('test_simple_text')).content[0].text).toBeTruthy();
    }
    // A multi round-trip request too: its rounds go to the two left, which share the sealing key.
    const elicited = await peer.callTool('test_elicitation', { message: 'Still there?' });
    expect(elicited.content[0].text).toContain('ada@example.com');
    for (let call = 0; call < 6; call++) {
      expect((await session.callTool('test_simple_text')).content[0].text).toBeTruthy();
    }
    expect((await session.callTool('test_elicitation', { message: 'And you?' })).content[0].text).toContain('ada');

    // nginx logs a request when it has ended, which can be a moment after its client read the answer.
    await cluster.nginx
      .until(from, (_, served) => new Set(served).size === survivors.length, { what: 'both survivors serving' })
      .catch(() => undefined);
    expect(new Set(cluster.nginx.served().slice(from))).toEqual(new Set(survivors.map((instance) => instance.host)));
    // At least one request went to the dead instance first: nginx could not connect and passed it on.
    expect(cluster.nginx.tried().slice(from)).toContainEqual([victim.host, expect.any(String)]);
    // No client saw an error: no 502 (nginx found no instance) and no 5xx from an instance.
    expect(
      cluster.nginx
        .requests()
        .slice(from)
        .filter((request) => / 5\d\d$/.test(request)),
    ).toEqual([]);
  });
});

describe('examples/scaling/start-cluster.sh', () => {
  it('starts instances and nginx a client can use at once, and Ctrl-C stops every one of them', async () => {
    const port = await freePort();
    const prefix = `armature-test:${randomBytes(8).toString('hex')}:`;
    const script = spawn(join(ROOT, 'examples', 'scaling', 'start-cluster.sh'), ['conformance'], {
      cwd: ROOT,
      env: {
        ...process.env,
        INSTANCES: '2',
        PORT: String(port),
        ARMATURE_REDIS_URL: REDIS_URL,
        ARMATURE_REDIS_PREFIX: prefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => script.once('exit', (code) => resolve(code)));
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const read = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (/^ready: /m.test(output)) resolve();
        };
        script.stdout!.on('data', read);
        script.stderr!.on('data', read);
        void exited.then((code) => reject(new Error(`start-cluster.sh exited (${code}):\n${output}`)));
      });
      const url = /^ready: (\S+)/m.exec(output)![1];
      expect(url).toBe(`http://127.0.0.1:${port}/mcp`);
      const peer = await connectStatelessHttpPeer(url);
      expect((await peer.callTool('test_elicitation', { message: 'Hello' })).content[0].text).toContain('ada');
      await peer.close();
    } finally {
      script.kill('SIGINT');
      await exited;
      await deleteKeys(prefix);
    }
    const pids = [...output.matchAll(/\(pid (\d+)\)/g)].map((match) => Number(match[1]));
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    await expect(postJson(`http://127.0.0.1:${port}/mcp`, { jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  }, 90_000);
});

/** Instances as processes of their own, so one can die the way a crashed or evicted one does. */
describe('session era: an instance killed with SIGKILL', () => {
  const redis = redisSandbox();
  const children: SpawnedHttpExample[] = [];
  let client: Client | undefined;
  afterEach(async () => {
    await client?.close();
    await Promise.all(children.splice(0).map((child) => child.stop()));
  });
  afterAll(() => redis.cleanup());

  it('loses no session: the client goes on through the survivors', async () => {
    const env = {
      ARMATURE_REDIS_URL: REDIS_URL,
      ARMATURE_REDIS_PREFIX: redis.prefix,
      ARMATURE_STATE_KEY: randomBytes(24).toString('base64url'),
    };
    const entry = join(__dirname, 'support', 'scaling-instance.ts');
    children.push(...(await Promise.all([0, 1, 2].map(() => spawnHttpEntry(entry, 'streamable-http', env)))));
    const balancer = fetchBalancer(children.map((child) => child.url));
    const peer = new Client({ name: 'scaling-peer', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client = peer;
    peer.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { name: 'Ada' } }));
    await peer.connect(new StreamableHTTPClientTransport(new URL(children[0].url), { fetch: balancer.fetch }));
    /** The processes that served four calls in a row. */
    const pids = async () => {
      const seen = new Set<string>();
      for (let n = 0; n < 4; n++) {
        const result = await peer.callTool({ name: 'whoami', arguments: {} });
        seen.add((result.content as { text: string }[])[0].text);
      }
      return seen;
    };
    expect((await pids()).size).toBeGreaterThan(1);

    // The instance that opened the session dies without a word; the balancer's health check drops it.
    const victim = children[0];
    victim.child.kill('SIGKILL');
    await victim.exited;
    balancer.down.add(0);

    const survivors = await pids();
    expect(survivors).toEqual(new Set(children.slice(1).map((child) => String(child.child.pid))));
    const greeting = await peer.callTool({ name: 'ask_name', arguments: {} });
    expect(greeting.content).toEqual([{ type: 'text', text: 'Hello, Ada' }]);
  });
});

/**
 * A Redis of the test's own on a free port, so it can be paused, killed and restarted without
 * touching the machine's Redis; the instances are in this process.
 */
describe('session era: Redis out of reach', () => {
  let redisProcess: ChildProcess | undefined;
  const apps: McpApplication[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    if (redisProcess?.exitCode === null) redisProcess.kill('SIGCONT');
    await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
    await Promise.all(apps.splice(0).map((app) => app.close(2000)));
    if (redisProcess && redisProcess.exitCode === null) {
      redisProcess.kill('SIGKILL');
      await once(redisProcess, 'exit');
    }
  });

  async function startRedis(port: number): Promise<ChildProcess> {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    });
    return child;
  }

  // The instances' clock, moved by hand: their views of a session fall due for a read of Redis only
  // when a test says the refresh interval passed, so what Redis's pause or restart does is all that varies.
  let now = 0;
  const sessionRefreshMs = 10_000;

  async function connectedTo(url: string) {
    const key = randomBytes(24).toString('base64url');
    for (let n = 0; n < 2; n++) {
      const app = await McpApplication.create(ScalingServer, {
        logger: new Logger('armature', 'silent'),
        state: { type: 'redis', url, prefix: 'armature-test:' },
        stateKey: key,
      });
      await app.listen({ transport: 'streamable-http', port: 0, sessionRefreshMs, clock: () => now });
      apps.push(app);
    }
    const balancer = fetchBalancer(apps.slice(-2).map((app) => app.url as string));
    const client = new Client({ name: 'scaling-peer', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(new URL(apps[0].url as string), { fetch: balancer.fetch }));
    return client;
  }

  const touch = (client: Client) => client.callTool({ name: 'touch', arguments: { uri: 'scaling://note' } });

  it('serves a session from its views while Redis does not answer, 503 once they are due, and all again after', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    redisProcess = await startRedis(port);
    const client = await connectedTo(url);
    // Both instances have read the session into a view of their own.
    for (let n = 0; n < 2; n++) expect((await touch(client)).isError).toBeFalsy();

    redisProcess.kill('SIGSTOP');
    // 503 with a JSON-RPC error saying why; nothing crashes, nothing hangs (commands time out).
    const unavailable = /Service unavailable: the shared state store \(Redis\) cannot be reached; retry shortly/;
    // What needs Redis fails: a new session cannot be stored.
    const newcomer = new Client({ name: 'scaling-peer', version: '1.0.0' });
    await expect(newcomer.connect(new StreamableHTTPClientTransport(new URL(apps[0].url as string)))).rejects.toThrow(
      unavailable,
    );
    // The session goes on from the views, on both instances, within the refresh interval...
    for (let n = 0; n < 2; n++) expect((await touch(client)).isError).toBeFalsy();
    // ...and once it has passed, each view must read Redis again, which does not answer.
    now += sessionRefreshMs;
    await expect(touch(client)).rejects.toThrow(unavailable);
    await expect(touch(client)).rejects.toThrow(unavailable);

    redisProcess.kill('SIGCONT');
    await until(
      async () =>
        await touch(client).then(
          () => true,
          () => false,
        ),
    );
    expect((await touch(client)).content).toEqual([{ type: 'text', text: 'touched scaling://note' }]);
  });

  it('ends sessions cleanly when Redis restarts empty: 404 at once, and a new session works', async () => {
    const port = await freePort();
    redisProcess = await startRedis(port);
    const client = await connectedTo(`redis://127.0.0.1:${port}`);
    expect((await touch(client)).isError).toBeFalsy();

    redisProcess.kill('SIGKILL');
    await once(redisProcess, 'exit');
    redisProcess = await startRedis(port);

    // Every session was lost with Redis's data: the old one is not found (404) on both instances, whose
    // views went due when their bus connection dropped (no refresh interval has passed)...
    const outcome = () =>
      touch(client).then(
        () => 'served',
        (e: Error) => e.message,
      );
    // Each instance reconnects to Redis on its own schedule (503 until then): wait until two calls in a
    // row, one per instance, both find the session gone.
    const bothGone = async () =>
      (await outcome()).includes('Session not found') && (await outcome()).includes('Session not found');
    await until(bothGone);
    // ...and a client that initializes again is served (ioredis reconnected by itself).
    const fresh = new Client({ name: 'scaling-peer', version: '1.0.0' });
    clients.push(fresh);
    await fresh.connect(new StreamableHTTPClientTransport(new URL(apps[1].url as string)));
    expect((await touch(fresh)).content).toEqual([{ type: 'text', text: 'touched scaling://note' }]);
  });
});
