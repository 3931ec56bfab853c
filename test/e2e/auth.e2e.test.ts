import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AccountsServer } from '../../examples/auth/auth.server';
import { StaticTokenVerifier } from '../../examples/auth/token-verifier';
import { Logger, McpApplication } from '../../src';
import { postJson, raw } from './support/http-raw';

jest.setTimeout(20_000);

const verifier = new StaticTokenVerifier({
  'alice-token': { subject: 'alice', scopes: ['accounts:read', 'accounts:admin'] },
  'bob-token': { subject: 'bob', scopes: ['accounts:read'] },
  'eve-token': { subject: 'eve', scopes: [] },
});

/** Bearer tokens over streamable HTTP: 401/403 with a challenge, the principal in ctx.auth, sessions bound to it. */
describe('auth example (streamable HTTP, sdk 1.32 client)', () => {
  let app: McpApplication;
  let url: string;

  beforeAll(async () => {
    app = await McpApplication.create(AccountsServer, { logger: new Logger('armature', 'warn') });
    await app.listen({
      transport: 'streamable-http',
      port: 0,
      auth: {
        verifyToken: (token: string) => verifier.verify(token),
        requiredScopes: ['accounts:read'],
        protectedResource: { authorizationServers: ['https://auth.example.com'] },
      },
    });
    url = app.url as string;
  });
  afterAll(async () => {
    await app?.close(2000);
  });

  async function connectAs(token: string): Promise<Client> {
    const client = new Client({ name: 'auth-peer', version: '1.0.0' });
    const headers = { Authorization: `Bearer ${token}` };
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return client;
  }

  it('hands the verified principal to the handler', async () => {
    const alice = await connectAs('alice-token');
    const result = await alice.callTool({ name: 'whoami', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'alice (accounts:read accounts:admin)' }]);
    const bob = await connectAs('bob-token');
    const refused = await bob.callTool({ name: 'close_account', arguments: {} });
    expect(refused).toMatchObject({
      isError: true,
      content: [{ text: 'Closing accounts needs the accounts:admin scope' }],
    });
    await alice.close();
    await bob.close();
  });

  it('answers a request without a token with 401 and a challenge naming the resource metadata', async () => {
    const res = await postJson(url, { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${new URL(url).origin}/.well-known/oauth-protected-resource/mcp"`,
    );
  });

  it('answers an unknown token with 401 invalid_token, and a token without the scope with 403', async () => {
    const invalid = await postJson(url, { jsonrpc: '2.0', id: 1, method: 'ping' }, { authorization: 'Bearer forged' });
    expect(invalid.status).toBe(401);
    expect(invalid.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    const weak = await postJson(url, { jsonrpc: '2.0', id: 1, method: 'ping' }, { authorization: 'Bearer eve-token' });
    expect(weak.status).toBe(403);
    expect(weak.headers['www-authenticate']).toMatch(/error="insufficient_scope", scope="accounts:read"/);
  });

  it('serves RFC 9728 protected-resource metadata without a token', async () => {
    const origin = new URL(url).origin;
    const metadata = await raw(`${origin}/.well-known/oauth-protected-resource/mcp`, { method: 'GET' });
    expect(metadata.json).toEqual({
      resource: url,
      authorization_servers: ['https://auth.example.com'],
      bearer_methods_supported: ['header'],
    });
    expect((await raw(`${origin}/healthz`, { method: 'GET' })).status).toBe(200);
  });

  it('binds a session to its principal: to anyone else it does not exist', async () => {
    const init = await postJson(
      url,
      {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      },
      { authorization: 'Bearer alice-token' },
    );
    const session = init.headers['mcp-session-id'] as string;
    const asBob = await postJson(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      {
        authorization: 'Bearer bob-token',
        'mcp-session-id': session,
      },
    );
    expect(asBob.status).toBe(404);
    const asAlice = await postJson(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      {
        authorization: 'Bearer alice-token',
        'mcp-session-id': session,
      },
    );
    expect(asAlice.status).toBe(200);
  });
});
