import { openSession, POST_HEADERS, postJson, raw } from './support/http-raw';
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

  it('refuses a progress token nested 10,000 deep (-32602) and keeps serving the session', async () => {
    const session = await openSession(server.url, '2025-11-25');
    const body =
      '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"test_tool_with_progress","arguments":{},' +
      `"_meta":{"progressToken":${nestedArray(10_000)}}}}`;
    const refused = await raw(server.url, { headers: { ...POST_HEADERS, 'mcp-session-id': session }, body });
    expect(refused.json).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32602 } });
    expect(refused.json.error.message).toMatch(/progressToken/);

    const next = await postJson(
      server.url,
      { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'test_simple_text', arguments: {} } },
      { 'mcp-session-id': session },
    );
    expect(next.status).toBe(200);
    expect(server.exitCode()).toBeUndefined();
  });

  it.each([
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
});
