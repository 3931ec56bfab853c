import { type HttpServerUnderTest, serveConformance } from './support/http-peers';
import { openSession, postJson, raw, readEvents } from './support/http-raw';

jest.setTimeout(20_000);

const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };
const META_2026 = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A POST that carries no request is answered 202 Accepted with no body and no content type. */
function expectBareAccepted(res: { status: number; text: string; headers: Record<string, unknown> }): void {
  expect(res.status).toBe(202);
  expect(res.text).toBe('');
  expect(res.headers['content-type']).toBeUndefined();
}

describe('HTTP notifications are accepted with 202 and no body', () => {
  describe('streamable HTTP', () => {
    let server: HttpServerUnderTest;
    beforeAll(async () => {
      server = await serveConformance({ transport: 'streamable-http' });
    });
    afterAll(() => server?.close());

    it('for notifications/initialized on a session', async () => {
      const session = await openSession(server.url, '2025-11-25');
      expectBareAccepted(await postJson(server.url, INITIALIZED, { 'mcp-session-id': session }));
    });

    it('for a response the client sends back', async () => {
      const session = await openSession(server.url, '2025-11-25');
      const answer = { jsonrpc: '2.0', id: 'unknown', result: {} };
      expectBareAccepted(await postJson(server.url, answer, { 'mcp-session-id': session }));
    });

    it('for a 2026-07-28 notification', async () => {
      const cancelled = {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 1, _meta: META_2026 },
      };
      const res = await postJson(server.url, cancelled, {
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'notifications/cancelled',
      });
      expectBareAccepted(res);
    });
  });

  it('streamable HTTP without sessions (stateless: true)', async () => {
    const server = await serveConformance({ transport: 'streamable-http', stateless: true });
    try {
      expectBareAccepted(await postJson(server.url, INITIALIZED, { 'mcp-protocol-version': '2025-11-25' }));
    } finally {
      await server.close();
    }
  });

  it('legacy SSE, whose replies travel on the stream', async () => {
    const server = await serveConformance({ transport: 'sse' });
    const abort = new AbortController();
    try {
      const stream = await fetch(server.url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
      let endpoint = '';
      await readEvents(stream, (event) => {
        endpoint = event.data;
        return event.event === 'endpoint';
      });
      const messages = new URL(endpoint, server.url).toString();
      const res = await raw(messages, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      expectBareAccepted(res);
    } finally {
      abort.abort();
      await server.close();
    }
  });
});
