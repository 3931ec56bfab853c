import { connect } from 'node:net';
import { IsInt, Min } from 'class-validator';
import { ReportServer } from '../../examples/tasks/report.server';
import { Logger, McpApplication, McpContext, McpServer, MemoryEventStore, MemorySessionStore, Tool } from '../../src';
import { type HttpServerUnderTest, serveConformance } from './support/http-peers';
import { openSession, POST_HEADERS, postJson, raw, readEvents, type SseEventRead } from './support/http-raw';
import { WatchedEventStore } from './support/watched-event-store';

jest.setTimeout(20_000);

const LIST_TOOLS = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
const META_2026 = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/**
 * Streamable HTTP refuses bad input with the right HTTP status and a JSON-RPC error body the
 * client can read, and never hangs or crashes. Raw requests on fresh connections, so each test
 * forges exactly the bytes it means.
 */
describe('streamable HTTP, bad input', () => {
  let server: HttpServerUnderTest;
  let url: string;

  const eventLog = new WatchedEventStore();

  beforeAll(async () => {
    server = await serveConformance({ transport: 'streamable-http', maxBodyBytes: 64 * 1024, eventStore: eventLog });
    url = server.url;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers GET /healthz', async () => {
    const health = await raw(url.replace('/mcp', '/healthz'), { method: 'GET' });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
  });

  it('answers malformed JSON with -32700', async () => {
    const res = await raw(url, { headers: POST_HEADERS, body: '{"jsonrpc": "2.0", "id": 1,' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(-32700);
  });

  it('refuses a batch when the session did not negotiate 2025-03-26 (-32600)', async () => {
    const session = await openSession(url, '2025-11-25');
    const res = await postJson(url, [LIST_TOOLS, { ...LIST_TOOLS, id: 2 }], { 'mcp-session-id': session });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(-32600);
    expect(res.json.error.message).toMatch(/batches are not supported/);
  });

  it('serves a batch on a 2025-03-26 session', async () => {
    const session = await openSession(url, '2025-03-26');
    const res = await postJson(url, [LIST_TOOLS, { ...LIST_TOOLS, id: 2 }], { 'mcp-session-id': session });
    expect(res.status).toBe(200);
    expect(res.json.map((r: { id: number }) => r.id).sort()).toEqual([1, 2]);
  });

  it('needs an Accept header that allows JSON and SSE (406)', async () => {
    const res = await raw(url, {
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(LIST_TOOLS),
    });
    expect(res.status).toBe(406);
    expect(res.json.error.message).toMatch(/Not Acceptable/);
  });

  it('needs Content-Type: application/json (415)', async () => {
    const res = await raw(url, {
      headers: { ...POST_HEADERS, 'content-type': 'text/plain' },
      body: JSON.stringify(LIST_TOOLS),
    });
    expect(res.status).toBe(415);
  });

  it('refuses a body over maxBodyBytes (413) with a JSON-RPC error', async () => {
    const body = JSON.stringify({ ...LIST_TOOLS, params: { padding: 'x'.repeat(100 * 1024) } });
    const res = await raw(url, { headers: POST_HEADERS, body });
    expect(res.status).toBe(413);
    expect(res.json.error.message).toMatch(/Payload Too Large/);
  });

  it('needs Mcp-Session-Id after initialize (400, -32000)', async () => {
    const res = await postJson(url, LIST_TOOLS);
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: -32000, message: 'Bad Request: Mcp-Session-Id header is required' });
  });

  it('answers an unknown session with 404', async () => {
    const res = await postJson(url, LIST_TOOLS, { 'mcp-session-id': 'no-such-session' });
    expect(res.status).toBe(404);
  });

  it('ends a session on DELETE, after which it is unknown', async () => {
    const session = await openSession(url);
    expect((await raw(url, { method: 'DELETE', headers: { 'mcp-session-id': session } })).status).toBe(204);
    expect((await postJson(url, LIST_TOOLS, { 'mcp-session-id': session })).status).toBe(404);
    expect((await raw(url, { method: 'DELETE', headers: { 'mcp-session-id': session } })).status).toBe(404);
  });

  it('refuses an unsupported MCP-Protocol-Version (400) and accepts any supported one', async () => {
    const session = await openSession(url, '2025-11-25');
    const bad = await postJson(url, LIST_TOOLS, { 'mcp-session-id': session, 'mcp-protocol-version': '1999-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/Unsupported MCP-Protocol-Version/);
    const older = await postJson(url, LIST_TOOLS, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-03-26' });
    expect(older.status).toBe(200);
  });

  it('refuses a forged Host or Origin (403) and accepts a loopback Origin', async () => {
    const forgedHost = await postJson(url, LIST_TOOLS, { host: 'evil.example.com' });
    expect(forgedHost.status).toBe(403);
    const forgedOrigin = await postJson(url, LIST_TOOLS, { origin: 'http://evil.example.com' });
    expect(forgedOrigin.status).toBe(403);
    const session = await openSession(url);
    const loopback = await postJson(url, LIST_TOOLS, {
      origin: new URL(url).origin,
      'mcp-session-id': session,
    });
    expect(loopback.status).toBe(200);
  });

  it('allows one standalone GET stream per session (409 for a second)', async () => {
    const session = await openSession(url);
    const controller = new AbortController();
    const first = await fetch(url, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': session },
      signal: controller.signal,
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/event-stream');
    const second = await raw(url, {
      method: 'GET',
      headers: { accept: 'text/event-stream', 'mcp-session-id': session },
    });
    expect(second.status).toBe(409);
    controller.abort();
  });

  describe('2026-07-28 requests', () => {
    const call = {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'test_simple_text', _meta: META_2026 },
    };
    const headers = {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'test_simple_text',
    };

    it('serves a request whose headers agree with its body, without a session', async () => {
      const res = await postJson(url, call, headers);
      expect(res.status).toBe(200);
      expect(res.headers['mcp-session-id']).toBeUndefined();
      expect(res.json.result.resultType).toBe('complete');
    });

    it('refuses a mismatching Mcp-Method header (400, -32020)', async () => {
      const res = await postJson(url, call, { ...headers, 'mcp-method': 'tools/list' });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe(-32020);
      expect(res.json.error.message).toMatch(/^Header mismatch: Mcp-Method/);
    });

    it('decodes base64 header values before comparing them', async () => {
      const encoded = `=?base64?${Buffer.from('test_simple_text').toString('base64')}?=`;
      const res = await postJson(url, call, { ...headers, 'mcp-name': encoded });
      expect(res.status).toBe(200);
    });

    it('answers an unknown method with 404 and -32601', async () => {
      const res = await postJson(url, { ...call, method: 'tools/nope' }, { ...headers, 'mcp-method': 'tools/nope' });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe(-32601);
    });

    it('answers GET and DELETE with 405', async () => {
      const get = await raw(url, { method: 'GET', headers: { accept: 'text/event-stream', ...headers } });
      expect(get.status).toBe(405);
      const del = await raw(url, { method: 'DELETE', headers });
      expect(del.status).toBe(405);
    });
  });

  describe('resumption', () => {
    /** Starts a progress-reporting tool call on a POST stream, reads its first progress event, and drops. */
    async function callAndDrop(session: string): Promise<{ seen: SseEventRead[] }> {
      const controller = new AbortController();
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...POST_HEADERS, 'mcp-session-id': session },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 42,
          method: 'tools/call',
          params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p' } },
        }),
        signal: controller.signal,
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const seen: SseEventRead[] = [];
      await readEvents(response, (event) => {
        seen.push(event);
        return event.data !== '';
      });
      controller.abort();
      return { seen };
    }

    async function resume(session: string, lastEventId: string): Promise<SseEventRead[]> {
      const response = await fetch(url, {
        headers: { accept: 'text/event-stream', 'mcp-session-id': session, 'last-event-id': lastEventId },
      });
      expect(response.status).toBe(200);
      const events: SseEventRead[] = [];
      await readEvents(response, (event) => {
        events.push(event);
        return undefined;
      });
      return events;
    }

    it('lets a handler close its stream mid-call (ctx.closeStream), the result arriving on resume', async () => {
      const session = await openSession(url, '2025-11-25');
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...POST_HEADERS, 'mcp-session-id': session },
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'test_reconnection' } }),
      });
      const first: SseEventRead[] = [];
      await readEvents(response, (event) => {
        first.push(event);
        return undefined;
      });
      expect(first).toEqual([{ id: expect.any(String), retry: 1000, data: '' }]);
      const rest = await resume(session, first[0].id as string);
      expect(rest.map((e) => JSON.parse(e.data))).toEqual([
        { jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: 'Reconnection test completed' }] } },
      ]);
    });

    it('primes each POST stream with an event id and a retry hint', async () => {
      const session = await openSession(url, '2025-11-25');
      const { seen } = await callAndDrop(session);
      expect(seen[0]).toEqual({ id: expect.stringMatching(/_0$/), retry: 1000, data: '' });
      expect(JSON.parse(seen[1].data).params.progress).toBe(0);
    });

    it('delivers every remaining event exactly once, result included, to a client that resumes mid-call', async () => {
      const session = await openSession(url, '2025-11-25');
      const { seen } = await callAndDrop(session);
      const events = await resume(session, seen[seen.length - 1].id as string);
      const messages = events.map((e) => JSON.parse(e.data));
      expect(messages.map((m) => m.params?.progress ?? 'result')).toEqual([50, 100, 'result']);
      expect(messages[2]).toMatchObject({
        id: 42,
        result: { content: [{ text: expect.stringMatching(/completed/) }] },
      });
      expect(new Set(events.map((e) => e.id)).size).toBe(3);
    });

    it('replays the whole rest, result included, to a client that resumes after the call ended', async () => {
      const session = await openSession(url, '2025-11-25');
      const ended = eventLog.answerLogged(42);
      const { seen } = await callAndDrop(session);
      await ended;
      const replayed = await resume(session, seen[0].id as string);
      expect(replayed.map((e) => JSON.parse(e.data).params?.progress ?? 'result')).toEqual([0, 50, 100, 'result']);
    });

    it('answers a slow call with a primed, resumable stream even when it sends nothing before its result', async () => {
      const session = await openSession(url, '2025-11-25');
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...POST_HEADERS, 'mcp-session-id': session },
        // Without a progress token this tool sends nothing for ~100 ms, then its result.
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 5,
          method: 'tools/call',
          params: { name: 'test_tool_with_progress' },
        }),
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const events: SseEventRead[] = [];
      await readEvents(response, (event) => {
        events.push(event);
        return undefined;
      });
      expect(events[0]).toMatchObject({ id: expect.stringMatching(/_0$/), data: '' });
      expect(JSON.parse(events[1].data).result.content[0].text).toMatch(/^Progress test completed/);
    });

    it("refuses to resume another session's stream (404)", async () => {
      const mine = await openSession(url);
      const theirs = await openSession(url);
      const { seen } = await callAndDrop(mine);
      const res = await raw(url, {
        method: 'GET',
        headers: { accept: 'text/event-stream', 'mcp-session-id': theirs, 'last-event-id': seen[0].id as string },
      });
      expect(res.status).toBe(404);
    });
  });
});

describe('streamable HTTP, a client that leaves in the middle of its request', () => {
  it('is no server error: the log says so at debug level only, and the server keeps serving', async () => {
    const lines: string[] = [];
    const seen = new Map<RegExp, () => void>();
    const logged = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        if (lines.some((line) => pattern.test(line))) resolve();
        else seen.set(pattern, resolve);
      });
    const logger = new Logger('armature', 'debug', (line) => {
      lines.push(line);
      for (const [pattern, resolve] of seen) if (pattern.test(line)) resolve();
    });
    const server = await serveConformance({ transport: 'streamable-http' }, { logger });
    try {
      const { port } = new URL(server.url);
      // What the server makes of the request it was reading, and of the HTTP parser's complaint.
      const leftMidBody = logged(/HTTP POST \/mcp/);
      const cutShort = logged(/HPE_|Parse Error/);
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
            'Accept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":"2.0",',
          () => socket.destroy(),
        );
      });
      await Promise.all([leftMidBody, cutShort]);
      expect(lines.filter((line) => / (ERROR|WARN) /.test(line))).toEqual([]);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/DEBUG \[armature\] HTTP POST \/mcp: the client left before its answer/),
          expect.stringMatching(/DEBUG \[armature\] a client sent an incomplete or malformed HTTP request \(HPE_/),
        ]),
      );
      const res = await postJson(server.url, {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

class FloodArgs {
  @IsInt()
  @Min(1)
  size!: number;
}

/** Resolved by the test to end the flood. */
let floodOver: Promise<void> = Promise.resolve();

@McpServer({ name: 'flood', version: '1.0.0' })
class FloodServer {
  @Tool({ description: 'Reports progress with `size` characters each millisecond until told to stop' })
  async flood(args: FloodArgs, ctx: McpContext) {
    const message = 'x'.repeat(args.size);
    let over = false;
    void floodOver.then(() => {
      over = true;
    });
    let step = 0;
    while (!over) {
      await ctx.progress(++step, undefined, message);
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
    return `reported ${step} times`;
  }
}

describe('streamable HTTP, a client that stops reading its stream', () => {
  it('has its stream cut once its backlog passes maxStreamBacklogBytes, and resumes it without losing an event', async () => {
    let stopFlood!: () => void;
    floodOver = new Promise<void>((resolve) => {
      stopFlood = resolve;
    });
    let stalled!: (line: string) => void;
    const warned = new Promise<string>((resolve) => {
      stalled = resolve;
    });
    const logger = new Logger('armature', 'warn', (line) => {
      if (line.includes('closed an SSE stream')) stalled(line);
    });
    const app = await McpApplication.create(FloodServer, { logger });
    await app.listen({
      transport: 'streamable-http',
      port: 0,
      keepAliveMs: 50,
      maxStreamBacklogBytes: 256 * 1024,
      eventStore: new MemoryEventStore({ maxEventsPerStream: 100_000, maxBytes: 1024 * 1024 * 1024 }),
    });
    const url = app.url as string;
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    try {
      const session = await openSession(url, '2025-11-25');
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'flood', arguments: { size: 32 * 1024 }, _meta: { progressToken: 'flood' } },
      });
      // The client reads the stream's first event, then nothing: the kernel's buffers fill, then Node's.
      const primingId = new Promise<string>((resolve) => {
        let head = '';
        const onData = (chunk: Buffer) => {
          head += chunk.toString('latin1');
          const id = /\nid: ([^\n]+)\n/.exec(head)?.[1];
          if (!id) return;
          socket.off('data', onData);
          socket.pause();
          resolve(id);
        };
        socket.on('data', onData);
      });
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
          `Accept: application/json, text/event-stream\r\nMcp-Session-Id: ${session}\r\n` +
          `MCP-Protocol-Version: 2025-11-25\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      const lastEventId = await primingId;
      expect(await warned).toMatch(/its client read nothing while \d+ bytes waited \(maxStreamBacklogBytes 262144\)/);
      stopFlood();

      const resumed = await fetch(url, {
        headers: {
          accept: 'text/event-stream',
          'mcp-session-id': session,
          'mcp-protocol-version': '2025-11-25',
          'last-event-id': lastEventId,
        },
      });
      expect(resumed.status).toBe(200);
      const progress: number[] = [];
      let result: any;
      await readEvents(
        resumed,
        (event) => {
          const message = JSON.parse(event.data || 'null');
          if (message?.method === 'notifications/progress') progress.push(message.params.progress);
          if (message?.id === 9) result = message.result;
          return result !== undefined;
        },
        15_000,
      );
      const reported = Number(/reported (\d+) times/.exec(result.content[0].text)?.[1]);
      expect(progress).toEqual(Array.from({ length: reported }, (_, i) => i + 1));
    } finally {
      stopFlood();
      socket.destroy();
      await app.close(2000);
    }
  });
});

describe('streamable HTTP, session expiry', () => {
  let server: HttpServerUnderTest;
  let now = 0;

  beforeAll(async () => {
    // The session store decides when a session is gone; the transport's views follow the same clock.
    server = await serveConformance(
      { transport: 'streamable-http', sessionTtlMs: 60_000, clock: () => now },
      { sessionStore: new MemorySessionStore(() => now) },
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('forgets a session unused for sessionTtlMs (404)', async () => {
    const session = await openSession(server.url);
    now += 59_999;
    expect((await postJson(server.url, LIST_TOOLS, { 'mcp-session-id': session })).status).toBe(200);
    now += 60_001;
    expect((await postJson(server.url, LIST_TOOLS, { 'mcp-session-id': session })).status).toBe(404);
  });
});

describe('streamable HTTP, at maxSessions', () => {
  let server: HttpServerUnderTest;

  beforeAll(async () => {
    server = await serveConformance({ transport: 'streamable-http', maxSessions: 3 });
  });
  afterAll(async () => {
    await server?.close();
  });

  const initialize = () =>
    postJson(server.url, {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });

  it('refuses one session more with 503, Retry-After and a JSON-RPC error, and serves the open ones', async () => {
    const open = [await openSession(server.url), await openSession(server.url), await openSession(server.url)];
    const refused = await initialize();
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.headers['mcp-session-id']).toBeUndefined();
    expect(refused.json.error.message).toBe(
      'Service Unavailable: this server holds its maximum of 3 sessions (maxSessions); retry once one has ended',
    );
    for (const session of open) {
      expect((await postJson(server.url, LIST_TOOLS, { 'mcp-session-id': session })).status).toBe(200);
    }

    const ended = await raw(server.url, { method: 'DELETE', headers: { 'mcp-session-id': open[0] } });
    expect(ended.status).toBe(204);
    const accepted = await initialize();
    expect(accepted.status).toBe(200);
    expect(typeof accepted.headers['mcp-session-id']).toBe('string');
  });
});

describe('streamable HTTP with cors: true', () => {
  let server: HttpServerUnderTest;

  beforeAll(async () => {
    server = await serveConformance({ transport: 'streamable-http', cors: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a preflight from a loopback page and lets it read Mcp-Session-Id', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await raw(server.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, mcp-session-id, mcp-param-region',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Mcp-Session-Id.*mcp-param-region/);
    const init = await postJson(
      server.url,
      {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'page', version: '1' } },
      },
      { origin },
    );
    expect(init.headers['access-control-expose-headers']).toMatch(/Mcp-Session-Id/);
  });
});

// Graceful shutdown (every transport, under load, and at the deadline): graceful-shutdown.e2e.test.ts.

describe('legacy SSE, bad input', () => {
  let server: HttpServerUnderTest;

  beforeAll(async () => {
    server = await serveConformance({ transport: 'sse' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('needs a sessionId (400) that names an open stream (404)', async () => {
    const messages = server.url.replace('/sse', '/messages');
    expect((await postJson(messages, LIST_TOOLS)).status).toBe(400);
    expect((await postJson(`${messages}?sessionId=nope`, LIST_TOOLS)).status).toBe(404);
  });

  it('names the endpoint first, accepts posts with 202 and answers on the stream', async () => {
    const controller = new AbortController();
    const stream = await fetch(server.url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    const events: SseEventRead[] = [];
    let posted = false;
    await readEvents(stream, (event) => {
      events.push(event);
      if (event.event === 'endpoint' && !posted) {
        posted = true;
        const endpoint = new URL(event.data, server.url).toString();
        void postJson(endpoint, {
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
        }).then((res) => {
          expect(res.status).toBe(202);
          expect(res.text).toBe('');
        });
      }
      return event.event === 'message';
    });
    controller.abort();
    expect(events[0].data).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
    expect(JSON.parse(events[1].data).result.protocolVersion).toBe('2024-11-05');
  });
});

describe('legacy SSE, at maxSessions', () => {
  it('refuses one stream more with 503 and Retry-After, and keeps the open ones', async () => {
    const server = await serveConformance({ transport: 'sse', maxSessions: 2 });
    const controller = new AbortController();
    try {
      const endpoints: string[] = [];
      for (let i = 0; i < 2; i++) {
        const stream = await fetch(server.url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
        await readEvents(stream, (event) => {
          if (event.event === 'endpoint') endpoints.push(new URL(event.data, server.url).toString());
          return event.event === 'endpoint';
        });
      }
      const refused = await raw(server.url, { method: 'GET', headers: { accept: 'text/event-stream' } });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.json.error.message).toMatch(/maximum of 2 sessions \(maxSessions\)/);
      for (const endpoint of endpoints) expect((await postJson(endpoint, LIST_TOOLS)).status).toBe(202);
    } finally {
      controller.abort();
      await server.close();
    }
  });
});

describe('streamable HTTP without sessions (stateless: true)', () => {
  let server: HttpServerUnderTest;
  beforeAll(async () => {
    server = await serveConformance({ transport: 'streamable-http', stateless: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers initialize without a session id and promises nothing it could not deliver', async () => {
    const init = await postJson(server.url, {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    expect(init.headers['mcp-session-id']).toBeUndefined();
    expect(init.json.result.capabilities).toEqual({
      logging: {},
      completions: {},
      prompts: {},
      resources: {},
      tools: {},
    });
  });

  it('refuses what needs a session with a message saying so', async () => {
    const res = await postJson(
      server.url,
      { jsonrpc: '2.0', id: 1, method: 'resources/subscribe', params: { uri: 'test://watched-resource' } },
      { 'mcp-protocol-version': '2025-11-25' },
    );
    expect(res.json.error).toEqual({
      code: -32601,
      message: 'resources/subscribe needs a session, and this server runs without sessions (stateless: true)',
    });
  });
});

describe('a server that cannot run without sessions', () => {
  it('fails at start-up with stateless: true, naming the tools that need them', async () => {
    const app = await McpApplication.create(ReportServer);
    await expect(app.listen({ transport: 'streamable-http', port: 0, stateless: true })).rejects.toThrow(
      "ReportServer.archive_all: taskSupport 'required' needs sessions, and this server is configured with stateless: true",
    );
  });
});
