import type { ListenOptions } from 'armature-mcp';
import {
  connectSessionHttpPeer,
  connectStatelessHttpPeer,
  type HttpPeer,
  type HttpServerUnderTest,
  serveConformance,
} from './support/http-peers';

jest.setTimeout(30_000);

interface Row {
  /** How the server listens. */
  listen: ListenOptions;
  /** Which official client connects, and how. */
  connect: (url: string) => Promise<HttpPeer>;
  /** Whether the server can ask the client (sampling, elicitation): not without a session. */
  canAsk: boolean;
}

/**
 * The conformance example served in-process over HTTP, driven by the official clients: the SDK
 * 1.32 in every session-era flavour (stateful with JSON, SSE or automatic answers, stateless, and
 * legacy HTTP+SSE) and client 2.4 pinned to the stateless 2026-07-28 revision.
 */
describe.each<[string, Row]>([
  [
    'sdk 1.32, streamable HTTP, session, responseMode auto',
    {
      listen: { transport: 'streamable-http' },
      connect: (url) => connectSessionHttpPeer(url, 'streamable-http'),
      canAsk: true,
    },
  ],
  [
    'sdk 1.32, streamable HTTP, session, responseMode json',
    {
      listen: { transport: 'streamable-http', responseMode: 'json' },
      connect: (url) => connectSessionHttpPeer(url, 'streamable-http'),
      canAsk: true,
    },
  ],
  [
    'sdk 1.32, streamable HTTP, session, responseMode sse',
    {
      listen: { transport: 'streamable-http', responseMode: 'sse' },
      connect: (url) => connectSessionHttpPeer(url, 'streamable-http'),
      canAsk: true,
    },
  ],
  [
    'sdk 1.32, streamable HTTP, stateless: true',
    {
      listen: { transport: 'streamable-http', stateless: true },
      connect: (url) => connectSessionHttpPeer(url, 'streamable-http'),
      canAsk: false,
    },
  ],
  [
    'sdk 1.32, legacy HTTP+SSE',
    { listen: { transport: 'sse' }, connect: (url) => connectSessionHttpPeer(url, 'sse'), canAsk: true },
  ],
  [
    'sdk 1.32, legacy HTTP+SSE beside streamable HTTP (legacySse: true)',
    {
      listen: { transport: 'streamable-http', legacySse: true },
      connect: (url) => connectSessionHttpPeer(url.replace(/\/mcp$/, '/sse'), 'sse'),
      canAsk: true,
    },
  ],
  [
    'client 2.4, streamable HTTP, 2026-07-28',
    { listen: { transport: 'streamable-http' }, connect: (url) => connectStatelessHttpPeer(url), canAsk: true },
  ],
])('conformance example over HTTP, %s', (_name, row) => {
  let server: HttpServerUnderTest;
  let peer: HttpPeer;

  beforeAll(async () => {
    server = await serveConformance(row.listen);
    peer = await row.connect(server.url);
  });
  afterAll(async () => {
    await peer?.close();
    await server?.close();
  });

  it('lists the tools', async () => {
    const { tools } = await peer.listTools();
    expect(tools.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['test_simple_text', 'test_sampling', 'test_elicitation']),
    );
  });

  it('calls a tool', async () => {
    expect((await peer.callTool('test_simple_text')).content).toEqual([
      { type: 'text', text: 'This is a simple text response for testing.' },
    ]);
  });

  it('reports progress while the tool runs', async () => {
    const progress: number[] = [];
    const result = await peer.callTool('test_tool_with_progress', {}, { onprogress: (p) => progress.push(p.progress) });
    expect(result.content[0].text).toMatch(/Progress test completed/);
    expect(progress).toEqual([0, 50, 100]);
  });

  it('sends log messages at the level the client asked for', async () => {
    const before = peer.logs.length;
    await peer.callTool('test_tool_with_logging', {}, { logLevel: 'debug' });
    const messages = peer.logs.slice(before).map((log) => log.data);
    expect(messages).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
  });

  it('asks the client model through sampling', async () => {
    const result = await peer.callTool('test_sampling', { prompt: 'Capital of France?' });
    if (row.canAsk) {
      expect(result.content[0].text).toBe('LLM response: Paris');
    } else {
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(/Cannot use sampling: .* runs without sessions \(stateless: true\)/);
    }
  });

  it('asks the user through elicitation', async () => {
    const result = await peer.callTool('test_elicitation', { message: 'Please provide your information' });
    if (row.canAsk) {
      expect(result.content[0].text).toBe(
        'User response: action=accept, content={"username":"ada","email":"ada@example.com"}',
      );
    } else {
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(/Cannot use elicitation: .* runs without sessions \(stateless: true\)/);
    }
  });

  it('reads a resource from a template', async () => {
    const { contents } = await peer.readResource('test://template/123/data');
    expect(JSON.parse(contents[0].text)).toEqual({ id: '123', templateTest: true, data: 'Data for ID: 123' });
  });

  it('tells a subscribed client that a resource changed, outside any request', async () => {
    if (!row.canAsk) {
      // Without sessions there is nowhere to send session-level messages: subscribing is refused.
      await expect(peer.watchResource('test://watched-resource')).rejects.toThrow(/resources\/subscribe/);
      return;
    }
    const watch = await peer.watchResource('test://watched-resource');
    expect(await watch.next).toBe('test://watched-resource');
    await watch.stop();
  });

  it('gets a prompt with arguments', async () => {
    const filled = await peer.getPrompt('test_prompt_with_arguments', { arg1: 'testValue1', arg2: 'testValue2' });
    expect(filled.messages[0].content.text).toBe("Prompt with arguments: arg1='testValue1', arg2='testValue2'");
  });
});
