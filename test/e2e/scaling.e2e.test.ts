import { randomBytes } from 'node:crypto';
import { Logger, McpApplication } from 'armature-mcp';
import { ConformanceServer } from '../../examples/conformance/conformance.server';
import { REDIS_URL, redisSandbox } from '../integration/state/redis-fixture';
import { type BalancedCluster, startBalancedCluster } from './support/balanced-cluster';
import { connectSessionHttpPeer, connectStatelessHttpPeer, type HttpPeer } from './support/http-peers';
import { postJson } from './support/http-raw';
import { type RoundRobin, roundRobin } from './support/round-robin';

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

  /** The instances that served the requests made since `from` (an index into nginx's log). */
  const servedSince = (from: number) => new Set(cluster.nginx.served().slice(from));

  describe('2026-07-28 with @modelcontextprotocol/client', () => {
    it('answers every kind of request, each on whichever instance nginx picks', async () => {
      const from = cluster.nginx.served().length;
      peer = await connectStatelessHttpPeer(cluster.url());
      expect((await peer.listTools()).tools.map((tool: { name: string }) => tool.name)).toContain('test_simple_text');
      expect((await peer.callTool('test_simple_text')).content[0].text).toBeTruthy();
      expect((await peer.readResource('test://template/42/data')).contents[0].text).toContain('42');
      const prompt = await peer.getPrompt('test_prompt_with_arguments', { arg1: 'a', arg2: 'b' });
      expect(prompt.messages.length).toBeGreaterThan(0);
      expect(servedSince(from)).toEqual(new Set(cluster.instances.map((instance) => instance.host)));
    });

    it('runs a multi round-trip request whose rounds land on different instances', async () => {
      peer = await connectStatelessHttpPeer(cluster.url());
      const from = cluster.nginx.served().length;
      const result = await peer.callTool('test_elicitation', { message: 'Please provide your information' });
      expect(result.isError).toBeFalsy();
      expect(result.content[0].text).toContain('ada@example.com');
      expect(peer.asked.map((question) => question.method)).toEqual(['elicitation/create']);
      // Round-robin sent the retry carrying the answer to the next instance, which opened the sealed state.
      expect(servedSince(from).size).toBe(2);
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

  /** Which instances served the POSTs to /messages made since `from` (an index into nginx's log). */
  const postsServedSince = (from: number) => {
    const requests = cluster.nginx.requests();
    return new Set(cluster.nginx.served().filter((_, i) => i >= from && requests[i].startsWith('POST /messages')));
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
    expect(postsServedSince(from)).toEqual(new Set(cluster.instances.map((instance) => instance.host)));
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
