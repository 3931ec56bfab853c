import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { introspectionVerifier } from '../../../src/auth/introspection-verifier';
import { InvalidTokenError } from '../../../src/auth/invalid-token-error';

const AUDIENCE = 'https://mcp.example.com/mcp';
const CLIENT = { clientId: 'mcp-server', clientSecret: 's3cret:with/odd chars' };

/**
 * An RFC 7662 introspection endpoint on 127.0.0.1: it checks the resource server's credentials,
 * answers from `tokens` (inactive for unknown ones) and records what it was asked.
 */
class IntrospectionServer {
  tokens = new Map<string, Record<string, unknown>>();
  asked: { token: string | null; hint: string | null; authorization?: string; contentType?: string }[] = [];
  status = 200;
  private readonly server: Server = createServer(async (req, res) => {
    const form = new URLSearchParams(await body(req));
    const token = form.get('token');
    this.asked.push({
      token,
      hint: form.get('token_type_hint'),
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
    });
    const expected = `Basic ${Buffer.from(`mcp-server:${encodeURIComponent(CLIENT.clientSecret).replace(/%20/g, '+')}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_client' }));
      return;
    }
    res.writeHead(this.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify((token && this.tokens.get(token)) ?? { active: false }));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/introspect`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function refusal(verdict: Promise<unknown>): Promise<string> {
  const error = await verdict.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
}

describe('introspectionVerifier (RFC 7662)', () => {
  const endpoint = new IntrospectionServer();
  let url: string;
  /** The test's clock, in ms, shared by the verifier and the tokens' expiries. */
  let clock: number;
  const seconds = () => Math.floor(clock / 1000);

  beforeAll(async () => {
    url = await endpoint.start();
  });
  afterAll(() => endpoint.stop());
  beforeEach(() => {
    clock = Date.parse('2026-07-01T12:00:00Z');
    endpoint.tokens.clear();
    endpoint.asked = [];
    endpoint.status = 200;
  });

  const verifier = (extra: Partial<Parameters<typeof introspectionVerifier>[0]> = {}) =>
    introspectionVerifier({ url, ...CLIENT, audience: AUDIENCE, now: () => clock, ...extra });

  it('asks with the token and its own credentials, and maps an active answer to the principal', async () => {
    const answer = { active: true, sub: 'alice', scope: 'notes:read notes:write', aud: AUDIENCE, exp: seconds() + 600 };
    endpoint.tokens.set('opaque-1', answer);
    const principal = await verifier()('opaque-1');
    expect(principal).toEqual({
      subject: 'alice',
      scopes: ['notes:read', 'notes:write'],
      expiresAt: seconds() + 600,
      token: 'opaque-1',
      claims: answer,
    });
    expect(endpoint.asked).toEqual([
      {
        token: 'opaque-1',
        hint: 'access_token',
        authorization: expect.stringMatching(/^Basic /),
        contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
      },
    ]);
  });

  it('refuses an inactive token', async () => {
    expect(await refusal(verifier()('revoked'))).toBe('The token is not active');
  });

  it('refuses a token for another audience, or one whose answer names none', async () => {
    endpoint.tokens.set('elsewhere', {
      active: true,
      sub: 'a',
      aud: ['https://other.example.com'],
      exp: seconds() + 60,
    });
    endpoint.tokens.set('nowhere', { active: true, sub: 'a', exp: seconds() + 60 });
    expect(await refusal(verifier()('elsewhere'))).toBe("The token's aud claim is not accepted");
    expect(await refusal(verifier()('nowhere'))).toBe("The token's aud claim is not accepted");
  });

  it('refuses a token from another issuer when one is configured', async () => {
    endpoint.tokens.set('t', {
      active: true,
      sub: 'a',
      aud: AUDIENCE,
      iss: 'https://evil.example.com',
      exp: seconds() + 60,
    });
    expect(await refusal(verifier({ issuer: 'https://auth.example.com' })('t'))).toBe(
      "The token's iss claim is not accepted",
    );
  });

  it('takes client_id as the subject of a token a client got for itself', async () => {
    endpoint.tokens.set('m2m', { active: true, client_id: 'reporting-job', aud: AUDIENCE, exp: seconds() + 60 });
    expect((await verifier()('m2m')).subject).toBe('reporting-job');
  });

  it('reuses an answer within the cache time, and asks again after it', async () => {
    endpoint.tokens.set('t', { active: true, sub: 'alice', aud: AUDIENCE, exp: seconds() + 3600 });
    const verify = verifier({ cacheTtlMs: 30_000 });
    await verify('t');
    clock += 29_000;
    await verify('t');
    expect(endpoint.asked).toHaveLength(1);
    clock += 2_000;
    endpoint.tokens.delete('t'); // revoked meanwhile: the next answer is inactive
    expect(await refusal(verify('t'))).toBe('The token is not active');
    expect(endpoint.asked).toHaveLength(2);
  });

  it('never reuses an answer past the token exp', async () => {
    endpoint.tokens.set('short', { active: true, sub: 'alice', aud: AUDIENCE, exp: seconds() + 10 });
    const verify = verifier({ cacheTtlMs: 60_000 });
    await verify('short');
    clock += 10_000;
    endpoint.tokens.set('short', { active: false });
    expect(await refusal(verify('short'))).toBe('The token is not active');
    expect(endpoint.asked).toHaveLength(2);
  });

  it('refuses an active answer whose exp has passed by this clock', async () => {
    endpoint.tokens.set('late', { active: true, sub: 'alice', aud: AUDIENCE, exp: seconds() - 1 });
    expect(await refusal(verifier()('late'))).toBe('The token has expired');
  });

  it('shares one call among concurrent requests with the same token', async () => {
    endpoint.tokens.set('t', { active: true, sub: 'alice', aud: AUDIENCE, exp: seconds() + 60 });
    const verify = verifier();
    const principals = await Promise.all([verify('t'), verify('t'), verify('t')]);
    expect(principals.map((principal) => principal.subject)).toEqual(['alice', 'alice', 'alice']);
    expect(endpoint.asked).toHaveLength(1);
  });

  it('throws an error that is not InvalidTokenError when the endpoint fails or refuses our credentials', async () => {
    endpoint.status = 500;
    const failed = await verifier()('t').catch((thrown: unknown) => thrown);
    expect(failed).toEqual(new Error(`Token introspection at ${url} answered HTTP 500`));
    const wrongCredentials = await introspectionVerifier({
      url,
      clientId: 'mcp-server',
      clientSecret: 'wrong',
      audience: AUDIENCE,
    })('t').catch((thrown: unknown) => thrown);
    expect(wrongCredentials).toEqual(new Error(`Token introspection at ${url} answered HTTP 401`));
    expect(wrongCredentials).not.toBeInstanceOf(InvalidTokenError);
  });

  it('is configured with an https url (or http on loopback), credentials and an audience', () => {
    expect(() =>
      introspectionVerifier({ url: 'http://auth.example.com/introspect', ...CLIENT, audience: AUDIENCE }),
    ).toThrow('`url` must use https (or http on a loopback address)');
    expect(() => introspectionVerifier({ url, clientId: '', clientSecret: 'x', audience: AUDIENCE })).toThrow(
      '`clientId` and `clientSecret` are required',
    );
    expect(() => introspectionVerifier({ url, ...CLIENT, audience: [] })).toThrow('`audience` is required');
  });
});
