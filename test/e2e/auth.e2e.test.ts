import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Client as StatelessClient,
  StreamableHTTPClientTransport as StatelessHttp,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { AccountsServer } from '../../examples/auth/auth.server';
import { introspectionVerifier, jwtVerifier, Logger, McpApplication } from '../../src';
import { postJson, raw } from './support/http-raw';
import { type SpawnedHttpExample, spawnHttpExample } from './support/spawn-http-example';
import { StaticTokenVerifier } from './support/static-token-verifier';

jest.setTimeout(20_000);

const verifier = new StaticTokenVerifier({
  'alice-token': { subject: 'alice', scopes: ['accounts:read', 'accounts:admin'] },
  'bob-token': { subject: 'bob', scopes: ['accounts:read'] },
  'eve-token': { subject: 'eve', scopes: [] },
  'stale-token': { subject: 'carol', scopes: ['accounts:read'], expiresAt: Date.parse('2020-01-01T00:00:00Z') / 1000 },
});

/** The verifier's key server is down whenever this token is presented. */
const OUTAGE_TOKEN = 'outage-token';

/** Bearer tokens over streamable HTTP: 401/403 with a challenge, the principal in ctx.auth, sessions bound to it. */
describe('auth example (streamable HTTP, sdk 1.32 client)', () => {
  let app: McpApplication;
  let url: string;

  const logged: string[] = [];

  beforeAll(async () => {
    app = await McpApplication.create(AccountsServer, {
      logger: new Logger('armature', 'warn', (line) => logged.push(line)),
    });
    await app.listen({
      transport: 'streamable-http',
      port: 0,
      auth: {
        verifyToken: (token: string) => {
          if (token === OUTAGE_TOKEN) throw new Error('connect ECONNREFUSED (key server)');
          return verifier.verify(token);
        },
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

  const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
  const metadata = () => `${new URL(url).origin}/.well-known/oauth-protected-resource/mcp`;

  it('answers a request without a token with 401 and a challenge naming the scope and the resource metadata', async () => {
    const res = await postJson(url, ping);
    expect(res.status).toBe(401);
    // RFC 6750 §3.1: no error code when the request carried no credentials at all.
    expect(res.headers['www-authenticate']).toBe(`Bearer scope="accounts:read", resource_metadata="${metadata()}"`);
    // The body is the OAuth error response, as the official SDK's bearer middleware answers.
    expect(res.json).toEqual({ error: 'invalid_token', error_description: 'A bearer token is required' });
    const basic = await postJson(url, ping, { authorization: 'Basic YWxpY2U6c2VjcmV0' });
    expect(basic.status).toBe(401);
    expect(basic.headers['www-authenticate']).not.toMatch(/error=/);
  });

  it('answers an unknown token with 401 invalid_token, never with a JSON-RPC error', async () => {
    const res = await postJson(url, ping, { authorization: 'Bearer forged' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      `Bearer error="invalid_token", error_description="The token is not valid for this resource", scope="accounts:read", resource_metadata="${metadata()}"`,
    );
    expect(res.json).toEqual({ error: 'invalid_token', error_description: 'The token is not valid for this resource' });
    expect(res.json).not.toHaveProperty('jsonrpc');
  });

  it('refuses a principal whose expiry has passed, even when the verifier returned it', async () => {
    const res = await postJson(url, ping, { authorization: 'Bearer stale-token' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(
      /^Bearer error="invalid_token", error_description="The token has expired"/,
    );
    expect(res.json).toEqual({ error: 'invalid_token', error_description: 'The token has expired' });
  });

  it('answers a token without the required scope with 403 insufficient_scope', async () => {
    const res = await postJson(url, ping, { authorization: 'Bearer eve-token' });
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      `Bearer error="insufficient_scope", error_description="The token lacks the scopes accounts:read", scope="accounts:read", resource_metadata="${metadata()}"`,
    );
    expect(res.json).toEqual({
      error: 'insufficient_scope',
      error_description: 'The token lacks the scopes accounts:read',
    });
  });

  it('answers a malformed bearer header or a token in the query string with 400 invalid_request', async () => {
    const malformed = await postJson(url, ping, { authorization: 'Bearer two words' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers['www-authenticate']).toMatch(/^Bearer error="invalid_request"/);
    expect(malformed.json).toEqual({
      error: 'invalid_request',
      error_description: 'The Authorization header is not a bearer token',
    });
    const inQuery = await postJson(`${url}?access_token=alice-token`, ping, { authorization: 'Bearer alice-token' });
    expect(inQuery.status).toBe(400);
    expect(inQuery.json.error).toBe('invalid_request');
  });

  it('answers 500, not 401, when the verifier cannot decide, and logs why', async () => {
    const res = await postJson(url, ping, { authorization: `Bearer ${OUTAGE_TOKEN}` });
    expect(res.status).toBe(500);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(logged.join('')).toContain('ECONNREFUSED (key server)');
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

/** An authorization server's signing key and the JWKS it publishes on 127.0.0.1, with a fetch count. */
async function startIssuer() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'issuer-key-1', alg: 'ES256', use: 'sig' };
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    issuer: 'https://auth.example.com',
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    fetches: () => fetches,
    /** An access token for `audience`, as the authorization server mints it. */
    mint(audience: string, claims: Record<string, unknown>, expiresInS = 300) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: 'https://auth.example.com', aud: audience, iat: now, exp: now + expiresInS, ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'issuer-key-1', typ: 'at+jwt' })
        .sign(privateKey);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** JWT access tokens checked by jwtVerifier against the issuer's JWKS, sent by both official clients. */
describe('JWT access tokens (jwtVerifier, streamable HTTP, both official clients)', () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let app: McpApplication;
  let url: string;

  beforeAll(async () => {
    issuer = await startIssuer();
    app = await McpApplication.create(AccountsServer, { logger: new Logger('armature', 'warn') });
    // The audience is this server's own URL, so the app listens first on a fixed path and port 0;
    // the verifier reads the URL when the first token arrives.
    let verify: ((token: string) => Promise<unknown>) | undefined;
    await app.listen({
      transport: 'streamable-http',
      port: 0,
      auth: {
        verifyToken: (token: string) => {
          verify ??= jwtVerifier({ issuer: issuer.issuer, audience: url, jwksUrl: issuer.jwksUrl, typ: 'at+jwt' });
          return verify(token) as never;
        },
        requiredScopes: ['accounts:read'],
        protectedResource: { authorizationServers: [issuer.issuer] },
      },
    });
    url = app.url as string;
  });
  afterAll(async () => {
    await app?.close(2000);
    await issuer?.stop();
  });

  it('the sdk 1.32 client sends a JWT and the tool sees its subject and scopes in ctx.auth', async () => {
    const token = await issuer.mint(url, { sub: 'alice', scope: 'accounts:read accounts:admin' });
    const client = new Client({ name: 'jwt-peer', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'alice (accounts:read accounts:admin)' }]);
    await client.close();
    expect(issuer.fetches()).toBe(1);
  });

  it('the 2026-07-28 client refreshes an expired JWT when answered 401 and the retry reaches the tool', async () => {
    let token = await issuer.mint(url, { sub: 'bob', scp: ['accounts:read'] }, -60);
    const refreshed: string[] = [];
    const client = new StatelessClient(
      { name: 'jwt-peer-2026', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(
      new StatelessHttp(new URL(url), {
        authProvider: {
          token: async () => token,
          onUnauthorized: async (context: unknown) => {
            refreshed.push(String((context as { response?: Response }).response?.status));
            token = await issuer.mint(url, { sub: 'bob', scp: ['accounts:read'] });
          },
        },
      }),
    );
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'bob (accounts:read)' }]);
    expect(refreshed).toEqual(['401']);
    await client.close();
  });

  it('refuses a JWT minted for another resource with 401 invalid_token naming the claim', async () => {
    const token = await issuer.mint('https://other.example.com/mcp', { sub: 'alice', scope: 'accounts:read' });
    const res = await postJson(url, { jsonrpc: '2.0', id: 1, method: 'ping' }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'invalid_token', error_description: "The token's aud claim is not accepted" });
  });

  it('answers a JWT without the required scope with 403 insufficient_scope', async () => {
    const token = await issuer.mint(url, { sub: 'eve', scope: 'profile' });
    const res = await postJson(url, { jsonrpc: '2.0', id: 1, method: 'ping' }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer error="insufficient_scope"/);
  });
});

/** Opaque tokens checked by introspectionVerifier at an RFC 7662 endpoint on 127.0.0.1. */
describe('opaque tokens (introspectionVerifier, streamable HTTP, sdk 1.32 client)', () => {
  const active = new Map<string, Record<string, unknown>>();
  let introspections = 0;
  const endpoint: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      introspections++;
      const token = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('token') ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(active.get(token) ?? { active: false }));
    });
  });
  let app: McpApplication;
  let url: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const introspectionUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/introspect`;
    app = await McpApplication.create(AccountsServer, { logger: new Logger('armature', 'warn') });
    await app.listen({
      transport: 'streamable-http',
      port: 0,
      auth: {
        verifyToken: introspectionVerifier({
          url: introspectionUrl,
          clientId: 'accounts-mcp',
          clientSecret: 'introspection-secret',
          audience: 'https://accounts.example.com/mcp',
          cacheTtlMs: 0, // ask on every request, so a revocation takes effect at once
        }),
        requiredScopes: ['accounts:read'],
      },
    });
    url = app.url as string;
  });
  afterAll(async () => {
    await app?.close(2000);
    await new Promise<void>((resolve) => endpoint.close(() => resolve()));
  });

  it('hands the introspected principal to the tool, and refuses the token once it is revoked', async () => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    active.set('opaque-alice', {
      active: true,
      sub: 'alice',
      scope: 'accounts:read',
      aud: 'https://accounts.example.com/mcp',
      exp,
    });
    const client = new Client({ name: 'opaque-peer', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: 'Bearer opaque-alice' } },
      }),
    );
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'alice (accounts:read)' }]);
    expect(introspections).toBeGreaterThanOrEqual(2); // initialize, initialized, tools/call: each one asked

    active.delete('opaque-alice');
    const res = await postJson(
      url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { authorization: 'Bearer opaque-alice' },
    );
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'invalid_token', error_description: 'The token is not active' });
    await client.close().catch(() => undefined);
  });
});

/** examples/auth as its own process: a development issuer signs JWTs that jwtVerifier checks. */
describe('the auth example process (jwtVerifier with a PEM key, sdk 1.32 client)', () => {
  let example: SpawnedHttpExample;
  beforeAll(async () => {
    example = await spawnHttpExample('auth', 'streamable-http');
  });
  afterAll(() => example?.stop());

  /** Settles with the first match of `pattern` in what the process logged, as soon as it is logged. */
  function logged(pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(example.stderr());
        if (!match) return;
        example.child.stderr?.off('data', check);
        resolve(match);
      };
      example.child.stderr?.on('data', check);
      void example.exited.then(() => reject(new Error(`the example exited:\n${example.stderr()}`)));
      check();
    });
  }

  it('takes the token it logged for alice and refuses a token it did not sign', async () => {
    const [, token] = await logged(/token for alice \(accounts:read accounts:admin\): (\S+)/);
    const client = new Client({ name: 'example-peer', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(example.url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    const result = await client.callTool({ name: 'close_account', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'Account of alice closed' }]);
    await client.close();

    const [header, payload] = token.split('.');
    const unsigned = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const refused = await postJson(
      example.url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { authorization: `Bearer ${unsigned}` },
    );
    expect(refused.status).toBe(401);
    expect(refused.json).toEqual({ error: 'invalid_token', error_description: 'The token signature is not valid' });
  });
});
