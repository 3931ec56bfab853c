import { EventEmitter, once } from 'node:events';
import { ConformanceServer } from '../../examples/conformance/conformance.server';
import { PNG_1X1, WAV_TINY } from '../../examples/conformance/fixtures';
import type { McpContext } from '../../src';
import {
  connectSessionHttpPeer,
  connectStatelessHttpPeer,
  type HttpServerUnderTest,
  serveConformance,
} from './support/http-peers';
import { connectSessionPeer, connectStatelessPeer, type Peer } from './support/peers';

jest.setTimeout(30_000);

/**
 * The conformance fixture server, driven over stdio by the official clients of both eras:
 * `@modelcontextprotocol/sdk` 1.32 (initialize, session) and `@modelcontextprotocol/client` 2.4
 * pinned to 2026-07-28 (per-request envelope, multi round-trip requests).
 */
describe.each([
  ['session era (sdk 1.32, stdio)', connectSessionPeer],
  ['2026-07-28 (client 2.4, stdio)', connectStatelessPeer],
])('conformance example, %s', (_name, connect) => {
  let peer: Peer;

  beforeAll(async () => {
    peer = await connect('conformance');
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('lists every tool with a description and an object input schema', async () => {
    const { tools } = await peer.listTools();
    const names = tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['test_simple_text', 'test_sampling', 'test_elicitation', 'json_schema_2020_12_tool']),
    );
    for (const tool of tools) {
      expect(tool.description).toBeTruthy();
      expect(tool.inputSchema.type).toBe('object');
    }
  });

  it('advertises a raw JSON Schema verbatim', async () => {
    const { tools } = await peer.listTools();
    const tool = tools.find((t: { name: string }) => t.name === 'json_schema_2020_12_tool');
    expect(tool.inputSchema).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    });
  });

  it('calls tools returning text, image, audio, embedded and mixed content', async () => {
    expect((await peer.callTool('test_simple_text')).content).toEqual([
      { type: 'text', text: 'This is a simple text response for testing.' },
    ]);
    expect((await peer.callTool('test_image_content', {})).content).toEqual([
      { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
    ]);
    expect((await peer.callTool('test_audio_content', {})).content).toEqual([
      { type: 'audio', data: WAV_TINY, mimeType: 'audio/wav' },
    ]);
    expect((await peer.callTool('test_embedded_resource', {})).content[0].resource).toEqual({
      uri: 'test://embedded-resource',
      mimeType: 'text/plain',
      text: 'This is an embedded resource content.',
    });
    const mixed = await peer.callTool('test_multiple_content_types', {});
    expect(mixed.content.map((c: { type: string }) => c.type)).toEqual(['text', 'image', 'resource']);
  });

  it('reports a failing tool as an isError result the model can read', async () => {
    const result = await peer.callTool('test_error_handling', {});
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toBe('This tool intentionally returns an error for testing');
  });

  it('returns invalid arguments as an isError result naming the property', async () => {
    const result = await peer.callTool('test_sampling', { prompt: 42 });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/prompt/);
  });

  it('validates raw-schema input with a JSON Schema validator', async () => {
    const ok = await peer.callTool('json_schema_2020_12_tool', { name: 'Ada', address: { city: 'London' } });
    expect(ok.content[0].text).toContain('London');
    const bad = await peer.callTool('json_schema_2020_12_tool', { name: 'Ada', extra: true });
    expect(bad.isError).toBe(true);
  });

  it('sends log messages at the level the client asked for', async () => {
    const before = peer.logs.length;
    await peer.callTool('test_tool_with_logging', {}, { logLevel: 'debug' });
    const messages = peer.logs.slice(before).map((log) => log.data);
    expect(messages).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
  });

  it('reports progress when the request carries a progress token', async () => {
    const progress: number[] = [];
    await peer.callTool('test_tool_with_progress', {}, { onprogress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([0, 50, 100]);
  });

  it('asks the client model through sampling', async () => {
    const result = await peer.callTool('test_sampling', { prompt: 'Capital of France?' });
    expect(result.content[0].text).toBe('LLM response: Paris');
    const asked = peer.asked.find((a) => a.method === 'sampling/createMessage');
    expect(asked?.params.messages[0].content.text).toBe('Capital of France?');
  });

  it('asks the user through elicitation and validates the answer', async () => {
    const result = await peer.callTool('test_elicitation', { message: 'Please provide your information' });
    expect(result.content[0].text).toBe(
      'User response: action=accept, content={"username":"ada","email":"ada@example.com"}',
    );
  });

  it('elicits a form with defaults exactly as SEP-1034 specifies', async () => {
    await peer.callTool('test_elicitation_sep1034_defaults', {});
    const asked = peer.asked.filter((a) => a.method === 'elicitation/create').at(-1);
    expect(asked?.params.requestedSchema.properties).toEqual({
      name: { type: 'string', default: 'John Doe' },
      age: { type: 'integer', default: 30 },
      score: { type: 'number', default: 95.5 },
      status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
      verified: { type: 'boolean', default: true },
    });
  });

  it('elicits every enum kind exactly as SEP-1330 specifies', async () => {
    await peer.callTool('test_elicitation_sep1330_enums', {});
    const asked = peer.asked.filter((a) => a.method === 'elicitation/create').at(-1);
    const properties = asked?.params.requestedSchema.properties;
    expect(properties.titledSingle.oneOf[0]).toEqual({ const: 'value1', title: 'First Option' });
    expect(properties.legacyEnum.enumNames).toEqual(['Option One', 'Option Two', 'Option Three']);
    expect(properties.titledMulti.items.anyOf).toHaveLength(3);
  });

  it('lists and reads resources, binary resources and templates', async () => {
    const { resources } = await peer.listResources();
    expect(resources.map((r: { uri: string }) => r.uri)).toEqual([
      'test://static-text',
      'test://static-binary',
      'test://watched-resource',
    ]);
    const { resourceTemplates } = await peer.listResourceTemplates();
    expect(resourceTemplates[0].uriTemplate).toBe('test://template/{id}/data');
    expect((await peer.readResource('test://static-text')).contents[0].text).toBe(
      'This is the content of the static text resource.',
    );
    expect((await peer.readResource('test://static-binary')).contents[0].blob).toBe(PNG_1X1);
    expect(JSON.parse((await peer.readResource('test://template/123/data')).contents[0].text)).toEqual({
      id: '123',
      templateTest: true,
      data: 'Data for ID: 123',
    });
  });

  it('tells a subscriber that the watched resource changed', async () => {
    const watch = await peer.watchResource('test://watched-resource');
    expect(await watch.next).toBe('test://watched-resource');
    await watch.stop();
  });

  it('answers an unknown resource with a JSON-RPC error', async () => {
    await expect(peer.readResource('test://nope')).rejects.toThrow(/Resource not found/);
  });

  it('lists and gets prompts with arguments, embedded resources and images', async () => {
    const { prompts } = await peer.listPrompts();
    const withArgs = prompts.find((p: { name: string }) => p.name === 'test_prompt_with_arguments');
    expect(withArgs.arguments).toEqual([
      { name: 'arg1', description: 'First test argument', required: true },
      { name: 'arg2', description: 'Second test argument', required: true },
    ]);
    const simple = await peer.getPrompt('test_simple_prompt');
    expect(simple.messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
    ]);
    const filled = await peer.getPrompt('test_prompt_with_arguments', { arg1: 'testValue1', arg2: 'testValue2' });
    expect(filled.messages[0].content.text).toBe("Prompt with arguments: arg1='testValue1', arg2='testValue2'");
    const embedded = await peer.getPrompt('test_prompt_with_embedded_resource', {
      resourceUri: 'test://example-resource',
    });
    expect(embedded.messages[0].content.resource.uri).toBe('test://example-resource');
    const withImage = await peer.getPrompt('test_prompt_with_image');
    expect(withImage.messages[0].content).toEqual({ type: 'image', data: PNG_1X1, mimeType: 'image/png' });
  });

  it('refuses a prompt call with a missing argument', async () => {
    await expect(peer.getPrompt('test_prompt_with_arguments', { arg1: 'only one' })).rejects.toThrow(/arg2/);
  });

  it('completes prompt arguments', async () => {
    const result = await peer.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'par' },
    });
    expect(result.completion.values).toEqual(['paris', 'park', 'parade']);
  });

  it('cancels a running tool when the client aborts, and serves on', async () => {
    const controller = new AbortController();
    // Aborted once the tool has started: its first progress notification has arrived.
    const call = peer.callTool(
      'test_tool_with_progress',
      {},
      { signal: controller.signal, onprogress: () => controller.abort('user abort') },
    );
    await expect(call).rejects.toThrow(/abort/i);
    expect((await peer.callTool('test_simple_text')).content[0].text).toMatch(/simple text/);
  });
});

/**
 * What the server does with that cancellation, seen from inside: the same example in this process
 * (over streamable HTTP, a real transport), its progress tool wrapped to watch its own signal.
 */
describe.each([
  ['session era (sdk 1.32)', (url: string) => connectSessionHttpPeer(url, 'streamable-http'), 'user abort'],
  ['2026-07-28 (client 2.4)', connectStatelessHttpPeer, 'the client disconnected'],
])('conformance example, cancellation reaches the handler, %s', (_name, connect, reason) => {
  const aborts = new EventEmitter();
  let server: HttpServerUnderTest;
  let peer: Peer;

  beforeAll(async () => {
    const tool = ConformanceServer.prototype.test_tool_with_progress;
    jest.spyOn(ConformanceServer.prototype, 'test_tool_with_progress').mockImplementation(function (
      this: ConformanceServer,
      ctx: McpContext,
    ) {
      ctx.signal.addEventListener('abort', () => aborts.emit('abort', String(ctx.signal.reason)), { once: true });
      return tool.call(this, ctx);
    });
    server = await serveConformance({ transport: 'streamable-http' });
    peer = await connect(server.url);
  });
  afterAll(async () => {
    await peer?.close();
    await server?.close();
    jest.restoreAllMocks();
  });

  it("aborts the handler's ctx.signal when the client aborts the call", async () => {
    const controller = new AbortController();
    const handlerAborted = once(aborts, 'abort');
    const call = peer.callTool(
      'test_tool_with_progress',
      {},
      { signal: controller.signal, onprogress: () => controller.abort('user abort') },
    );
    await expect(call).rejects.toThrow(/abort/i);
    expect(await handlerAborted).toEqual([reason]);
    expect((await peer.callTool('test_simple_text')).content[0].text).toMatch(/simple text/);
  });
});
