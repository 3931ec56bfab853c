import { StreamableHTTPClientTransport as StatelessHttp } from '@modelcontextprotocol/client';
import { Client as SessionClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTeamNotes } from '../../examples/pipeline/app';
import { verifyToken } from '../../examples/pipeline/tokens';
import { Logger, type McpApplication } from '../../src';
import { postJson } from './support/http-raw';
import {
  connectSessionPeer,
  connectStatelessPeer,
  type Peer,
  sessionPeerOver,
  statelessPeerOver,
} from './support/peers';

jest.setTimeout(60_000);

type Connect = (token: string) => Promise<Peer>;

/** The example served in this process over streamable HTTP, bearer tokens verified per request. */
async function serveOverHttp(): Promise<{ app: McpApplication; url: string }> {
  // In code, as the "pipeline" project's nest-cli-like.config.json entry does for the stdio runs.
  const app = await createTeamNotes(new Logger('armature', 'warn'), { timeoutMs: 1000 });
  await app.listen({
    transport: 'streamable-http',
    port: 0,
    auth: { verifyToken, protectedResource: { authorizationServers: ['https://auth.example.com'] } },
  });
  return { app, url: app.url as string };
}

const bearer = (token: string) => ({ requestInit: { headers: { Authorization: `Bearer ${token}` } } });
const stdioToken = (token: string) => ({ ARMATURE_TOKEN: token, SUMMARY_DELAY_MS: '60000' });

const text = (result: Record<string, any>) => result.content[0].text as string;
const toolNames = async (peer: Peer) => ((await peer.listTools()).tools as { name: string }[]).map((t) => t.name);

/**
 * The call pipeline of the team-notes example, driven by the official clients of both eras over
 * stdio (one process per caller, the token in ARMATURE_TOKEN) and streamable HTTP (bearer tokens).
 */
describe.each<[string, 'stdio' | 'http', (url: () => string) => Connect]>([
  ['session era, stdio', 'stdio', () => (token) => connectSessionPeer('pipeline', {}, stdioToken(token))],
  ['2026-07-28, stdio', 'stdio', () => (token) => connectStatelessPeer('pipeline', {}, stdioToken(token))],
  [
    'session era, streamable HTTP',
    'http',
    (url) => (token) => sessionPeerOver(new SessionHttp(new URL(url()), bearer(token))),
  ],
  [
    '2026-07-28, streamable HTTP',
    'http',
    (url) => (token) => statelessPeerOver(new StatelessHttp(new URL(url()), bearer(token))),
  ],
])('pipeline example, %s', (_name, transport, connectOver) => {
  let served: { app: McpApplication; url: string } | undefined;
  let ada: Peer;
  let bob: Peer;

  beforeAll(async () => {
    if (transport === 'http') served = await serveOverHttp();
    const connect = connectOver(() => served?.url as string);
    [ada, bob] = await Promise.all([connect('ada-token'), connect('bob-token')]);
  });
  afterAll(async () => {
    await Promise.all([ada?.close(), bob?.close()]);
    await served?.app.close(2000);
  });

  it('lists to each caller only what its guards and scopes let it use', async () => {
    const adaSees = await toolNames(ada);
    const bobSees = await toolNames(bob);
    expect(adaSees).toEqual(expect.arrayContaining(['write_note', 'purge_notes', 'audit_trail', 'search_notes']));
    expect(bobSees).toEqual(expect.arrayContaining(['search_notes', 'export_notes', 'about']));
    expect(bobSees).not.toContain('write_note');
    expect(bobSees).not.toContain('purge_notes');
    expect(bobSees).not.toContain('audit_trail');
  });

  it('answers a call that a guard denies as for an unknown tool', async () => {
    await expect(bob.callTool('purge_notes', {})).rejects.toThrow(/Unknown tool: purge_notes/);
    await expect(bob.callTool('no_such_tool', {})).rejects.toThrow(/Unknown tool: no_such_tool/);
  });

  it('asks for the missing scope when a caller without it calls a tool that needs it', async () => {
    const refused = bob.callTool('write_note', { text: 'from bob' });
    if (transport === 'stdio') {
      await expect(refused).rejects.toThrow(/needs the scopes notes:read notes:write \(missing: notes:write\)/);
    } else if (bob.era === 'session') {
      // SDK 1.32 without an auth provider reports the 403 as is.
      await expect(refused).rejects.toMatchObject({ code: 403, message: expect.stringContaining('-32003') });
    } else {
      // The 2026-07-28 client reads the challenge and names the scopes it would have to step up to.
      await expect(refused).rejects.toThrow('Insufficient scope: required "notes:read notes:write"');
    }
  });

  it('transforms the validated arguments with a pipe', async () => {
    expect(text(await ada.callTool('write_note', { text: '   ship the release   ' }))).toBe(
      'Saved note 1: ship the release',
    );
    const invalid = await ada.callTool('write_note', { text: 42 });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toMatch(/^Invalid arguments for tool "write_note"/);
  });

  it('lets an interceptor rewrite the arguments and the result, and short-circuit a repeated call', async () => {
    const first = text(await ada.callTool('search_notes', { query: 'RELEASE' }));
    expect(first).toMatch(/^search #(\d+) for "release": 1 note\(s\) \(fresh\)$/);
    const again = text(await ada.callTool('search_notes', { query: 'Release' }));
    expect(again).toBe(first.replace('(fresh)', '(from cache)'));
  });

  it('maps a domain error to a ToolError the model can act on, through a filter', async () => {
    const result = await bob.callTool('export_notes', { format: 'pdf' });
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: 'PDF export is not available; ask for csv instead.' }],
    });
    expect(text(await bob.callTool('export_notes', { format: 'csv' }))).toMatch(/^id,author,text/);
  });

  it('ends a call that outlives its @Timeout with an error naming the limit', async () => {
    const result = await ada.callTool('summarize_notes', {});
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: 'Tool "summarize_notes" timed out after 300 ms' }],
    });
  });

  it('ends a call that declares no @Timeout after the configured timeoutMs', async () => {
    // stdio: "timeoutMs": 1000 of the pipeline project's config; HTTP: McpApplication.create(S, { timeoutMs }).
    const result = await ada.callTool('draft_newsletter', {});
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: 'Tool "draft_newsletter" timed out after 1000 ms' }],
    });
  });

  it('refuses the 11th call of one principal within the window, saying when to retry', async () => {
    for (let i = 1; i <= 10; i++)
      expect(text(await bob.callTool('notify_team', { message: `m${i}` }))).toMatch(/^Sent/);
    const refused = await bob.callTool('notify_team', { message: 'one too many' });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      /^Rate limit reached for "notify_team": at most 10 calls per 60 s\. Retry in \d+ s\.$/,
    );
    expect(text(await ada.callTool('notify_team', { message: 'ada is not limited by bob' }))).toMatch(/^Sent/);
  });

  it('runs middleware around every request and injects services into guards and interceptors', async () => {
    await ada.listPrompts();
    await ada.readResource('notes://1');
    await ada.complete({ ref: { type: 'ref/prompt', name: 'weekly_digest' }, argument: { name: 'tone', value: 'f' } });
    const trail = JSON.parse(text(await ada.callTool('audit_trail', {})));
    expect(trail.requests).toEqual(
      expect.arrayContaining([
        'ada tools/list',
        'ada tools/call',
        'ada prompts/list',
        'ada resources/read',
        'ada completion/complete',
      ]),
    );
    // The audit interceptor (an injected AuditTrail) timed every call, whatever the component kind.
    expect(trail.calls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ada tool write_note \d+ ms$/),
        expect.stringMatching(/^ada resource notes:\/\/\{id\} \d+ ms$/),
        expect.stringMatching(/^ada completion prompt:weekly_digest#tone \d+ ms$/),
      ]),
    );
  });
});

describe('middleware sees every MCP request, whatever its method and era', () => {
  let served: { app: McpApplication; url: string };
  beforeAll(async () => {
    served = await serveOverHttp();
  });
  afterAll(async () => {
    await served?.app.close(2000);
  });

  const trailOf = async (peer: Peer) => JSON.parse(text(await peer.callTool('audit_trail', {}))).requests as string[];

  it('session era: initialize and ping pass through it like tools/list and tools/call', async () => {
    const client = new SessionClient({ name: 'middleware-probe', version: '1.0.0' });
    const transport = new SessionHttp(new URL(served.url), bearer('ada-token'));
    await client.connect(transport);
    await client.ping();
    await client.listTools();
    const trail = JSON.parse(text(await client.callTool({ name: 'audit_trail', arguments: {} }))).requests;
    await transport.terminateSession();
    await client.close();
    expect(trail.slice(-4)).toEqual(['ada initialize', 'ada ping', 'ada tools/list', 'ada tools/call']);
  });

  it('2026-07-28: server/discover passes through it like tools/list and tools/call', async () => {
    const peer = await statelessPeerOver(new StatelessHttp(new URL(served.url), bearer('ada-token')));
    await peer.listTools();
    const trail = await trailOf(peer);
    await peer.close();
    expect(trail.slice(-3)).toEqual(['ada server/discover', 'ada tools/list', 'ada tools/call']);
  });
});

describe('step-up authorization over streamable HTTP', () => {
  let served: { app: McpApplication; url: string };
  beforeAll(async () => {
    served = await serveOverHttp();
  });
  afterAll(async () => {
    await served?.app.close(2000);
  });

  it('answers 403 with an insufficient_scope challenge naming the scopes and the resource metadata', async () => {
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'write_note',
        arguments: { text: 'x' },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    };
    const response = await postJson(served.url, call, {
      authorization: 'Bearer bob-token',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'write_note',
    });
    expect(response.status).toBe(403);
    const origin = new URL(served.url).origin;
    expect(response.headers['www-authenticate']).toBe(
      `Bearer error="insufficient_scope", error_description="This call needs the scopes notes:read notes:write", scope="notes:read notes:write", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(response.json.error).toMatchObject({
      code: -32003,
      data: { requiredScopes: ['notes:read', 'notes:write'] },
    });
  });

  it('hides every component from a caller outside any team, and refuses its calls as unknown', async () => {
    const cy = await sessionPeerOver(new SessionHttp(new URL(served.url), bearer('cy-token')));
    expect(await toolNames(cy)).toEqual([]);
    await expect(cy.callTool('about', {})).rejects.toThrow(/Unknown tool: about/);
    await cy.close();
  });
});
