import { isAbsolute } from 'node:path';
import { StreamableHTTPClientTransport as StatelessHttp } from '@modelcontextprotocol/client';
import { StdioClientTransport as SessionStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type RunningScript, startNpmScript } from './support/npm-script';
import {
  connectSessionPeer,
  connectStatelessPeer,
  type Peer,
  sessionPeerOver,
  statelessPeerOver,
} from './support/peers';
import { ROOT } from './support/spawn-example';

jest.setTimeout(30_000);

/** The README's quickstart, run as `npm start` runs it, used by both official clients over stdio. */
describe.each([
  ['session era (sdk 1.32, stdio)', connectSessionPeer],
  ['2026-07-28 (client 2.4, stdio)', connectStatelessPeer],
])('quickstart example, %s', (_name, connect) => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await connect('quickstart');
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('forecasts with the injected service, reporting progress and logging', async () => {
    const progress: number[] = [];
    const result = await peer.callTool(
      'forecast',
      { city: 'Oslo', days: 2 },
      { logLevel: 'info', onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.content[0].text).toBe('Day 1: Snow showers, -2 to 4°\nDay 2: Overcast, 1 to 7°');
    expect(progress).toEqual([1, 2]);
    expect(peer.logs.map((log) => log.data)).toContain('Forecasting 2 days for Oslo');
  });

  it('applies DTO defaults and validation', async () => {
    expect((await peer.callTool('forecast', { city: 'Lisbon' })).content[0].text.split('\n')).toHaveLength(3);
    const invalid = await peer.callTool('forecast', { city: 'Lisbon', days: 30 });
    expect(invalid.isError).toBe(true);
    expect(invalid.content[0].text).toMatch(/^days: /m);
  });

  it('lets the model correct itself after an unknown city', async () => {
    const result = await peer.callTool('forecast', { city: 'Atlantis' });
    expect(result).toMatchObject({ isError: true });
    expect(result.content[0].text).toBe('No forecast for "Atlantis". Known cities: oslo, lisbon, tokyo');
  });

  it('reads a resource template and completes its variable', async () => {
    const today = await peer.readResource('weather://cities/tokyo/today');
    expect(JSON.parse(today.contents[0].text)).toMatchObject({ city: 'tokyo', summary: 'Light rain' });
    const completion = await peer.complete({
      ref: { type: 'ref/resource', uri: 'weather://cities/{city}/today' },
      argument: { name: 'city', value: 'l' },
    });
    expect(completion.completion.values).toEqual(['lisbon']);
  });

  it('builds a prompt from its arguments', async () => {
    const prompt = await peer.getPrompt('planTrip', { city: 'Lisbon', interests: 'food' });
    expect(prompt.messages[0].content.text).toBe(
      'Plan a three-day trip to Lisbon. Check the forecast first and plan around it. I enjoy food.',
    );
  });
});

/** `npm start` as a person runs it: streamable HTTP on 127.0.0.1, with what to paste into clients. */
describe('quickstart, as `npm start` serves it', () => {
  let server: RunningScript;
  let url: string;
  beforeAll(async () => {
    server = await startNpmScript(ROOT, 'start', ['--port', '0'], /Stop with Ctrl\+C/, { env: quietEnv() });
    url = /MCP server "quickstart" at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(server.output())![1];
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['session era (sdk 1.32)', () => sessionPeerOver(new SessionHttp(new URL(url)))],
    ['2026-07-28 (client 2.4)', () => statelessPeerOver(new StatelessHttp(new URL(url)))],
  ])('answers %s at the URL it prints', async (_name, connect) => {
    const peer = await connect();
    try {
      const result = await peer.callTool('forecast', { city: 'Oslo', days: 1 });
      expect(result.content[0].text).toBe('Day 1: Snow showers, -2 to 4°');
    } finally {
      await peer.close();
    }
  });

  it('prints the MCP Inspector command and a VS Code entry for that URL', () => {
    expect(server.output()).toContain(
      `npx -y @modelcontextprotocol/inspector --cli ${url} --transport http --method tools/list`,
    );
    expect(printedJson(server.output(), 'VS Code')).toEqual({ servers: { quickstart: { type: 'http', url } } });
  });

  it('prints a Claude Desktop entry that starts the quickstart over stdio from any folder', async () => {
    const entry = (printedJson(server.output(), 'Claude Desktop') as any).mcpServers.quickstart;
    expect(entry.command).toBe(process.execPath);
    for (const arg of entry.args.filter((a: string) => a.includes('/'))) expect(isAbsolute(arg)).toBe(true);
    // Claude Desktop starts servers from "/", not from the project.
    const transport = new SessionStdio({ command: entry.command, args: entry.args, cwd: '/', env: quietEnv() });
    const peer = await sessionPeerOver(transport);
    try {
      const tools = await peer.listTools();
      expect(tools.tools.map((tool: { name: string }) => tool.name)).toEqual(['forecast']);
    } finally {
      await peer.close();
    }
  });
});

function quietEnv(): Record<string, string> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ARMATURE_LOG_LEVEL: 'warn' };
  delete env.ARMATURE_TRANSPORT;
  delete env.ARMATURE_PORT;
  return env;
}

/** The JSON block printed under the line that starts with `title`. */
function printedJson(output: string, title: string): unknown {
  const start = output.indexOf('{', output.indexOf(`\n${title}`));
  let depth = 0;
  for (let i = start; i < output.length; i++) {
    if (output[i] === '{') depth++;
    if (output[i] === '}' && --depth === 0) return JSON.parse(output.slice(start, i + 1));
  }
  throw new Error(`no JSON after "${title}" in:\n${output}`);
}
