import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { InvalidTokenError } from '../../../src/auth/invalid-token-error';
import { jwtVerifier } from '../../../src/auth/jwt-verifier';

const ISSUER = 'https://auth.example.com';
const AUDIENCE = 'https://mcp.example.com/mcp';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/** An authorization server's signing key with its id, as its JWKS publishes it. */
async function signingKey(kid: string, alg = 'RS256'): Promise<KeyPair & { kid: string; alg: string; jwk: JWK }> {
  const pair = await generateKeyPair(alg);
  return { ...pair, kid, alg, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' } };
}

/** A token as the authorization server mints it; `claims` and `header` override the defaults. */
function mint(
  key: { privateKey: KeyPair['privateKey'] | Uint8Array; kid?: string; alg: string },
  claims: JWTPayload = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: key.alg, ...(key.kid ? { kid: key.kid } : {}), ...header })
    .sign(key.privateKey);
}

/** A JWKS endpoint on 127.0.0.1 that counts its fetches and can rotate its keys. */
class JwksServer {
  keys: JWK[] = [];
  fetches = 0;
  status = 200;
  private readonly server: Server = createServer((_req, res) => {
    this.fetches++;
    res.writeHead(this.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function refusal(verdict: Promise<unknown>): Promise<string> {
  const error = await verdict.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
}

describe('jwtVerifier with a JWKS', () => {
  const jwks = new JwksServer();
  let jwksUrl: string;
  let first: Awaited<ReturnType<typeof signingKey>>;

  beforeAll(async () => {
    jwksUrl = await jwks.start();
    first = await signingKey('key-1');
  });
  afterAll(() => jwks.stop());
  beforeEach(() => {
    jwks.keys = [first.jwk];
    jwks.fetches = 0;
    jwks.status = 200;
  });

  const verifier = () => jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl });

  it('accepts a token signed with a published key and maps sub, scope, scp and exp to the principal', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const token = await mint(first, { scope: 'notes:read notes:write', scp: ['notes:admin', 'notes:read'], exp });
    const principal = await verifier()(token);
    expect(principal).toEqual({
      subject: 'alice',
      scopes: ['notes:read', 'notes:write', 'notes:admin'],
      expiresAt: exp,
      token,
      claims: expect.objectContaining({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', exp }),
    });
    expect(jwks.fetches).toBe(1);
  });

  it('reads scp written as a space-separated string, and a token without scopes has none', async () => {
    const verify = verifier();
    expect((await verify(await mint(first, { scp: 'a b' }))).scopes).toEqual(['a', 'b']);
    expect((await verify(await mint(first))).scopes).toEqual([]);
  });

  it('fetches the JWKS once and serves later tokens from its cache', async () => {
    const verify = verifier();
    await verify(await mint(first));
    await verify(await mint(first, { sub: 'bob' }));
    expect(jwks.fetches).toBe(1);
  });

  describe('key rotation', () => {
    // jose times its JWKS cache with Date.now: only the clock is faked, sockets and timers stay real.
    beforeEach(() =>
      jest.useFakeTimers({
        now: Date.now(),
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      }),
    );
    afterEach(() => jest.useRealTimers());

    it('fetches the JWKS again when a token names a kid the cache lacks', async () => {
      const verify = verifier();
      await verify(await mint(first));
      const second = await signingKey('key-2');
      jwks.keys = [second.jwk]; // the authorization server rotated: key-1 is retired
      jest.setSystemTime(Date.now() + 31_000); // past jose's 30 s refetch cooldown
      const principal = await verify(await mint(second, { sub: 'bob' }));
      expect(principal.subject).toBe('bob');
      expect(jwks.fetches).toBe(2);
      // The retired key's tokens are refused once the new set is in the cache.
      expect(await refusal(verify(await mint(first)))).toBe('No key of the issuer matches the token');
    });

    it('does not refetch for an unknown kid within the cooldown, so forged kids cannot flood the JWKS', async () => {
      const verify = verifier();
      await verify(await mint(first));
      const stranger = await signingKey('forged-kid');
      for (let attempt = 0; attempt < 5; attempt++)
        expect(await refusal(verify(await mint(stranger)))).toBe('No key of the issuer matches the token');
      expect(jwks.fetches).toBe(1);
    });
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    expect(await refusal(verifier()(await mint(first, { iat: past - 300, exp: past })))).toBe('The token has expired');
  });

  it('accepts a token that expired within the clock tolerance, and expires it at exp plus the tolerance', async () => {
    const exp = Math.floor(Date.now() / 1000) - 3;
    const token = await mint(first, { exp });
    const lenient = jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl, clockToleranceS: 30 });
    expect((await lenient(token)).expiresAt).toBe(exp + 30);
    expect(await refusal(verifier()(token))).toBe('The token has expired');
  });

  it('refuses a token minted for another audience', async () => {
    const token = await mint(first, { aud: 'https://other.example.com/mcp' });
    expect(await refusal(verifier()(token))).toBe("The token's aud claim is not accepted");
  });

  it('refuses a token from another issuer', async () => {
    const token = await mint(first, { iss: 'https://evil.example.com' });
    expect(await refusal(verifier()(token))).toBe("The token's iss claim is not accepted");
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await mint(first, { nbf: Math.floor(Date.now() / 1000) + 600 });
    expect(await refusal(verifier()(token))).toBe("The token's nbf claim is not accepted");
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = new UnsecuredJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', exp: now + 300 }).encode();
    expect(await refusal(verifier()(token))).toBe("The token's algorithm is not accepted");
    expect(jwks.fetches).toBe(0);
  });

  it('refuses a token signed with another key under a published kid', async () => {
    const impostor = await signingKey('key-1');
    expect(await refusal(verifier()(await mint(impostor)))).toBe('The token signature is not valid');
  });

  it('refuses an HS256 token signed with the public key as its secret (algorithm confusion)', async () => {
    const publicBytes = new TextEncoder().encode(await exportSPKI(first.publicKey));
    const token = await mint({ privateKey: publicBytes, kid: 'key-1', alg: 'HS256' });
    expect(await refusal(verifier()(token))).toBe("The token's algorithm is not accepted");
  });

  it('refuses a token without exp or without sub', async () => {
    const noExp = await new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .sign(first.privateKey);
    expect(await refusal(verifier()(noExp))).toBe("The token's exp claim is not accepted");
    const noSub = await mint(first, { sub: undefined });
    expect(await refusal(verifier()(noSub))).toBe("The token's sub claim is not accepted");
  });

  it('refuses a token whose scope claim is not a string', async () => {
    expect(await refusal(verifier()(await mint(first, { scope: ['notes:read'] })))).toBe(
      'The token has a malformed scope claim',
    );
  });

  it('accepts only the listed algorithms and the required typ', async () => {
    const es = await signingKey('key-es', 'ES256');
    jwks.keys = [first.jwk, es.jwk];
    const onlyRs = jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl, algorithms: ['RS256'] });
    expect(await refusal(onlyRs(await mint(es)))).toBe("The token's algorithm is not accepted");
    const accessTokens = jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl, typ: 'at+jwt' });
    expect((await accessTokens(await mint(first, {}, { typ: 'at+jwt' }))).subject).toBe('alice');
    expect(await refusal(accessTokens(await mint(first)))).toBe("The token's typ claim is not accepted");
  });

  it('throws an error that is not InvalidTokenError when the JWKS cannot be fetched (a 500, not a 401)', async () => {
    jwks.status = 503;
    const error = await verifier()(await mint(first)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(InvalidTokenError);
  });
});

describe('jwtVerifier with a PEM public key', () => {
  it('accepts tokens the key signed and refuses others', async () => {
    const key = await signingKey('pem', 'ES256');
    const verify = jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, publicKey: await exportSPKI(key.publicKey) });
    expect((await verify(await mint(key, { scope: 'a' }))).scopes).toEqual(['a']);
    const other = await signingKey('pem', 'ES256');
    expect(await refusal(verify(await mint(other)))).toBe('The token signature is not valid');
  });
});

describe('jwtVerifier with an HS256 secret', () => {
  const secret = 'a-shared-secret-of-at-least-32-bytes!';
  const hs = { privateKey: new TextEncoder().encode(secret), alg: 'HS256' };

  it('accepts tokens the secret signed and refuses those signed with another', async () => {
    const verify = jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, secret });
    expect((await verify(await mint(hs))).subject).toBe('alice');
    const forged = { privateKey: new TextEncoder().encode('another-secret-also-32-bytes-long!!'), alg: 'HS256' };
    expect(await refusal(verify(await mint(forged)))).toBe('The token signature is not valid');
  });

  it('refuses an RS256 token', async () => {
    const verify = jwtVerifier({ issuer: ISSUER, audience: AUDIENCE, secret });
    expect(await refusal(verify(await mint(await signingKey('rs'))))).toBe("The token's algorithm is not accepted");
  });
});

describe('jwtVerifier configuration', () => {
  const base = { issuer: ISSUER, audience: AUDIENCE };

  it('needs exactly one source of keys', () => {
    expect(() => jwtVerifier(base)).toThrow('jwtVerifier: give exactly one of `jwksUrl`, `publicKey` or `secret`');
    expect(() => jwtVerifier({ ...base, jwksUrl: 'https://a.example/jwks', secret: 'x'.repeat(32) })).toThrow(
      '(got jwksUrl, secret)',
    );
  });

  it('needs an issuer and an audience', () => {
    expect(() => jwtVerifier({ ...base, issuer: '', secret: 'x'.repeat(32) })).toThrow('`issuer` is required');
    expect(() => jwtVerifier({ ...base, audience: [], secret: 'x'.repeat(32) })).toThrow('`audience` is required');
  });

  it('fetches keys only over https, or http on a loopback address', () => {
    expect(() => jwtVerifier({ ...base, jwksUrl: 'http://auth.example.com/jwks' })).toThrow(
      '`jwksUrl` must use https (or http on a loopback address), got http://auth.example.com/jwks',
    );
  });

  it('accepts only algorithms that fit the kind of key', () => {
    expect(() => jwtVerifier({ ...base, secret: 'x'.repeat(32), algorithms: ['RS256'] })).toThrow(
      '`algorithms` must be some of HS256, HS384, HS512 for a secret (not RS256)',
    );
    expect(() => jwtVerifier({ ...base, jwksUrl: 'https://a.example/jwks', algorithms: ['HS256', 'none'] })).toThrow(
      'for a public key or JWKS (not HS256, none)',
    );
  });

  it('refuses a secret shorter than 32 bytes and a publicKey that is not PEM', () => {
    expect(() => jwtVerifier({ ...base, secret: 'short' })).toThrow('`secret` must be at least 32 bytes long');
    expect(() => jwtVerifier({ ...base, publicKey: 'not a key' })).toThrow('`publicKey` is not a PEM public key');
  });
});
