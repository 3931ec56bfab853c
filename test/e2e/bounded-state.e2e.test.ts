import { MemoryEventStore } from '../../src';
import { type HttpServerUnderTest, serveConformance } from './support/http-peers';
import { openSession, POST_HEADERS, raw } from './support/http-raw';

jest.setTimeout(60_000);

/**
 * What a session leaves in the server's memory goes with the session: its SSE event log is
 * dropped when the client ends it or it expires, and the log is bounded in bytes while it lives.
 */
describe('state that ends with its session', () => {
  let server: HttpServerUnderTest;
  const store = new MemoryEventStore();

  beforeAll(async () => {
    server = await serveConformance({ transport: 'streamable-http', eventStore: store });
  });
  afterAll(() => server?.close());

  /** One call of the progress tool with a 1 MB progress token, read to its end on the SSE response. */
  async function progressCallWithHugeToken(session: string): Promise<string> {
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p'.repeat(1_000_000) } },
    };
    const res = await raw(server.url, {
      headers: { ...POST_HEADERS, 'mcp-session-id': session },
      body: JSON.stringify(call),
    });
    return res.text;
  }

  it('drops the event log of every session the client DELETEs (10 rounds of 1 MB tokens)', async () => {
    for (let round = 0; round < 10; round++) {
      const session = await openSession(server.url, '2025-11-25');
      const stream = await progressCallWithHugeToken(session);
      expect(stream).toContain('Progress test completed');
      const ended = await raw(server.url, { method: 'DELETE', headers: { 'mcp-session-id': session } });
      expect(ended.status).toBe(204);
    }
    await waitFor(() => store.size === 0);
    expect(store.bytes).toBe(0);
  });

  it('drops the event log of a session that expires', async () => {
    const expiring = new MemoryEventStore();
    let now = 0;
    const short = await serveConformance({
      transport: 'streamable-http',
      eventStore: expiring,
      sessionTtlMs: 1000,
      clock: () => now,
    });
    try {
      const session = await openSession(short.url, '2025-11-25');
      const res = await raw(short.url, {
        headers: { ...POST_HEADERS, 'mcp-session-id': session },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p' } },
        }),
      });
      expect(res.text).toContain('Progress test completed');
      expect(expiring.size).toBeGreaterThan(0);
      now += 1001;
      await waitFor(() => expiring.size === 0);
      const gone = await raw(short.url, {
        headers: { ...POST_HEADERS, 'mcp-session-id': session },
        body: '{"jsonrpc":"2.0","id":2,"method":"ping"}',
      });
      expect(gone.status).toBe(404);
    } finally {
      await short.close();
    }
  });
});

/** Waits for a condition the server reaches on its own (a sweep, a queued write), checking each turn. */
async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
