import { openSession, POST_HEADERS, postJson, raw, readEvents } from './support/http-raw';
import { type SpawnedHttpExample, spawnHttpExample } from './support/spawn-http-example';

jest.setTimeout(60_000);

/** An array nested `depth` deep, as JSON text (JSON.stringify itself would overflow on it). */
function nestedArray(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/**
 * Input no honest client sends must cost the sender its request and nothing more: the server
 * process lives, and the session (and every other) keeps being served. Each server runs as a
 * process of its own, so a crash shows as an exit rather than a failed test runner.
 */
describe('hostile input on a real server process', () => {
  let server: SpawnedHttpExample;

  beforeAll(async () => {
    server = await spawnHttpExample('conformance', 'streamable-http');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a progress token nested 10,000 deep and keeps serving the session', async () => {
    const session = await openSession(server.url, '2025-11-25');
    const body =
      '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"test_tool_with_progress","arguments":{},' +
      `"_meta":{"progressToken":${nestedArray(10_000)}}}}`;
    const refused = await raw(server.url, { headers: { ...POST_HEADERS, 'mcp-session-id': session }, body });
    // The nesting limit refuses it before the progress token's type is checked (below).
    expect(refused.json).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32600 } });
    expect(refused.json.error.message).toMatch(/deeper than 128 levels/);

    const next = await postJson(
      server.url,
      { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'test_simple_text', arguments: {} } },
      { 'mcp-session-id': session },
    );
    expect(next.status).toBe(200);
    expect(server.exitCode()).toBeUndefined();
  });

  it.each([
    ['an array', [[['deep']]]],
    ['an object', { deep: true }],
    ['a fraction', 1.5],
    ['a boolean', true],
    ['null', null],
  ])('refuses a progress token that is %s (-32602 naming the field)', async (_kind, token) => {
    const session = await openSession(server.url, '2025-11-25');
    const refused = await postJson(
      server.url,
      {
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'test_simple_text', arguments: {}, _meta: { progressToken: token } },
      },
      { 'mcp-session-id': session },
    );
    expect(refused.json).toMatchObject({ id: 9, error: { code: -32602 } });
    expect(refused.json.error.message).toContain('_meta.progressToken');
    expect(server.exitCode()).toBeUndefined();
  });

  it('refuses arguments nested 10,000 deep on a session (-32600 naming the limit)', async () => {
    const session = await openSession(server.url, '2025-11-25');
    const body =
      '{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"test_simple_text",' +
      `"arguments":{"deep":${nestedArray(10_000)}}}}`;
    const refused = await raw(server.url, { headers: { ...POST_HEADERS, 'mcp-session-id': session }, body });
    expect(refused.json).toMatchObject({ id: 10, error: { code: -32600 } });
    expect(refused.json.error.message).toMatch(/deeper than 128 levels/);
    expect(server.exitCode()).toBeUndefined();
  });

  it('refuses a 2026-07-28 request nested 10,000 deep, then serves the next one', async () => {
    const meta =
      '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}';
    const headers = {
      ...POST_HEADERS,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'test_simple_text',
    };
    const deep = await raw(server.url, {
      headers,
      body: `{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"test_simple_text","arguments":{"d":${nestedArray(10_000)}},${meta}}}`,
    });
    expect(deep.json).toMatchObject({ id: 11, error: { code: -32600 } });
    const next = await raw(server.url, {
      headers,
      body: `{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"test_simple_text","arguments":{},${meta}}}`,
    });
    expect(next.json).toMatchObject({ id: 12, result: { content: [{ type: 'text' }] } });
    expect(server.exitCode()).toBeUndefined();
  });
});

describe('hostile input on a real legacy SSE server process', () => {
  let server: SpawnedHttpExample;

  beforeAll(async () => {
    server = await spawnHttpExample('conformance', 'sse');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a message nested 10,000 deep (-32600) and keeps the stream serving', async () => {
    const abort = new AbortController();
    const stream = await fetch(server.url, { headers: { accept: 'text/event-stream' }, signal: abort.signal });
    const answers: any[] = [];
    let endpoint = '';
    const reading = readEvents(
      stream,
      (event) => {
        if (event.event === 'endpoint') {
          endpoint = new URL(event.data, server.url).toString();
          void post(
            '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}',
          );
        } else if (event.event === 'message') {
          answers.push(JSON.parse(event.data));
          if (answers.length === 1) {
            void post(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"d":${nestedArray(10_000)}}}`).then(
              (refused) => {
                expect(refused.status).toBe(400);
                expect(refused.json).toMatchObject({ id: 1, error: { code: -32600 } });
                void post('{"jsonrpc":"2.0","id":2,"method":"ping"}');
              },
            );
          }
        }
        return answers.length === 2;
      },
      10_000,
    );
    const post = (body: string) => raw(endpoint, { headers: { 'content-type': 'application/json' }, body });
    await reading;
    abort.abort();
    expect(answers[1]).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
    expect(server.exitCode()).toBeUndefined();
  });
});
