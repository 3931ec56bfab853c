import { container as rootContainer } from 'tsyringe';
import { McpApplication } from '../../src';
import type { JsonRpcRequest } from '../../src/core/protocol/json-rpc';
import { TestClient } from '../../src/testing';
import { Counter, FixtureServer } from './fixtures';

const envelope = (extra: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
  ...extra,
});

async function send(app: McpApplication, method: string, params: Record<string, unknown>) {
  const connection = app.engine.connect({ send: () => undefined });
  const request: JsonRpcRequest = { jsonrpc: '2.0', id: 1, method, params };
  return (await connection.receiveMessage(request)) as Record<string, any>;
}

describe('the stateless era (2026-07-28)', () => {
  let app: McpApplication;
  beforeEach(async () => {
    app = await McpApplication.create(FixtureServer);
  });

  it('describes the server through server/discover', async () => {
    const { result } = await send(app, 'server/discover', { _meta: envelope() });
    expect(result).toMatchObject({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: { listChanged: true } },
      instructions: 'for tests',
      cacheScope: 'public',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'fixture', version: '2.0.0' } },
    });
    expect(typeof result.ttlMs).toBe('number');
  });

  it('marks every result complete, with serverInfo, and list results with cache hints', async () => {
    const { result } = await send(app, 'tools/list', { _meta: envelope() });
    expect(result).toMatchObject({ resultType: 'complete', cacheScope: 'public' });
    expect(result._meta['io.modelcontextprotocol/serverInfo'].name).toBe('fixture');
  });

  it("keeps a tool result's fields in order, then resultType and _meta (its JSON is what the spread made)", async () => {
    const { result } = await send(app, 'tools/call', { name: 'add', arguments: { a: 1, b: 2 }, _meta: envelope() });
    expect(Object.keys(result)).toEqual(['content', 'structuredContent', 'resultType', '_meta']);
    expect(result.structuredContent).toEqual({ sum: 3 });
    expect(result._meta['io.modelcontextprotocol/serverInfo'].name).toBe('fixture');
  });

  it('refuses an unsupported version with -32022 naming the supported ones', async () => {
    const response = await send(app, 'tools/list', {
      _meta: envelope({ 'io.modelcontextprotocol/protocolVersion': '2030-01-01' }),
    });
    expect(response.error).toMatchObject({ code: -32022, data: { requested: '2030-01-01' } });
    expect(response.error.data.supported).toContain('2026-07-28');
  });

  it('refuses an envelope without client capabilities with -32602', async () => {
    const response = await send(app, 'tools/list', {
      _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
    });
    expect(response.error.code).toBe(-32602);
  });

  it('offers none of the session-only methods', async () => {
    for (const method of ['ping', 'logging/setLevel', 'resources/subscribe']) {
      expect((await send(app, method, { _meta: envelope() })).error.code).toBe(-32601);
    }
  });

  it('answers a missing resource with -32602 rather than -32002', async () => {
    const response = await send(app, 'resources/read', { uri: 'nope://x', _meta: envelope() });
    expect(response.error.code).toBe(-32602);
  });

  it('asks for input with input_required and replays the handler with the answers', async () => {
    const client = await TestClient.connect(app, {
      era: 'stateless',
      onElicit: async (params) => ({ action: 'accept', content: { answer: String(params.message) } }),
    });
    expect((await client.callTool('confirmTwice', {})).content).toEqual([{ type: 'text', text: 'First? & Second?' }]);
  });

  it('replays the handler once per round, so code before a question runs again', async () => {
    const counter = new Counter();
    const container = rootContainer.createChildContainer().registerInstance(Counter, counter);
    const replayed = await McpApplication.create(FixtureServer, { container });
    const client = await TestClient.connect(replayed, {
      era: 'stateless',
      onElicit: async () => ({ action: 'decline' }),
    });
    expect((await client.callTool('confirmTwice', {})).content).toEqual([{ type: 'text', text: 'decline & decline' }]);
    expect(counter.value).toBe(3);
  });

  it('refuses a requestState that was tampered with', async () => {
    const first = await send(app, 'tools/call', { name: 'confirmTwice', _meta: envelope() });
    expect(first.result.resultType).toBe('input_required');
    const state: string = first.result.requestState;
    const forged = `${state.slice(0, -4)}${state.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const response = await send(app, 'tools/call', {
      name: 'confirmTwice',
      inputResponses: { 'input-0': { action: 'accept', content: { answer: 'x' } } },
      requestState: forged,
      _meta: envelope(),
    });
    expect(response.error).toMatchObject({ code: -32602, message: expect.stringMatching(/requestState is tampered/) });
  });

  it('refuses a requestState replayed against other params', async () => {
    const first = await send(app, 'tools/call', { name: 'confirmTwice', _meta: envelope() });
    const response = await send(app, 'tools/call', {
      name: 'confirmTwice',
      arguments: { extra: 1 },
      requestState: first.result.requestState,
      _meta: envelope(),
    });
    expect(response.error.message).toMatch(/requestState is foreign/);
  });

  it('answers -32021 when the handler needs a capability the client did not declare', async () => {
    const response = await send(app, 'tools/call', {
      name: 'listRoots',
      _meta: envelope(),
    });
    expect(response.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { roots: {} } } });
  });
});
