import { createPublicKey, type KeyObject } from 'node:crypto';
import type { JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import type { AuthInfo } from '../context/client-exchange';
import { InvalidTokenError } from './invalid-token-error';
import { isLoopbackOrHttps } from './loopback-or-https';
import { principalFromClaims } from './token-claims';

export interface JwtVerifierOptions {
  /** The `iss` a token must carry: the authorization server's issuer identifier (or one of them). */
  issuer: string | string[];
  /**
   * The `aud` a token must name: this server's canonical URI (RFC 8707), e.g.
   * `https://mcp.example.com/mcp`. The MCP spec requires refusing tokens minted for anything else.
   */
  audience: string | string[];
  /**
   * The authorization server's `jwks_uri`. Fetched on the first token, cached (`jwks.cacheMaxAgeMs`),
   * and fetched again when a token names a `kid` the cache lacks (key rotation), at most once per
   * `jwks.cooldownMs`, so forged `kid`s cannot make this server hammer it.
   */
  jwksUrl?: string | URL;
  /** A public key: PEM (SPKI `PUBLIC KEY`, PKCS#1 `RSA PUBLIC KEY`, or an X.509 certificate) or a KeyObject. */
  publicKey?: string | KeyObject;
  /** A shared secret for HS256/HS384/HS512 tokens, at least 32 bytes. */
  secret?: string | Uint8Array;
  /**
   * The `alg` values accepted: by default HS256/384/512 for a secret and the RSA, RSA-PSS, ECDSA and
   * EdDSA ones for a public key or JWKS. `none` is never accepted, nor HMAC with a public key
   * (the algorithm-confusion attack), and a token with any other `alg` is refused before a key is
   * looked up.
   */
  algorithms?: string[];
  /** The `typ` header a token must have, e.g. `at+jwt` for RFC 9068 access tokens. */
  typ?: string;
  /** Leeway for `exp`, `nbf` and `iat` against this machine's clock, in seconds (default 0). */
  clockToleranceS?: number;
  /** JWKS fetching: timeout (5 s), cache lifetime (10 min), minimum time between refetches (30 s). */
  jwks?: { timeoutMs?: number; cacheMaxAgeMs?: number; cooldownMs?: number };
}

const HMAC = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** jose's codes for a token that is refused; anything else (an unreachable JWKS) is not the token's fault. */
const REFUSALS: Record<string, (error: { claim?: string }) => string> = {
  ERR_JWT_EXPIRED: () => 'The token has expired',
  ERR_JWT_CLAIM_VALIDATION_FAILED: (error) => `The token's ${error.claim} claim is not accepted`,
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: () => 'The token signature is not valid',
  ERR_JOSE_ALG_NOT_ALLOWED: () => "The token's algorithm is not accepted",
  ERR_JOSE_NOT_SUPPORTED: () => "The token's algorithm is not accepted",
  ERR_JWS_INVALID: () => 'The token is not a signed JWT',
  ERR_JWT_INVALID: () => 'The token is not a signed JWT',
  ERR_JWKS_NO_MATCHING_KEY: () => 'No key of the issuer matches the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: () => 'The token matches several keys of the issuer',
};

/**
 * A `verifyToken` for JWT access tokens, built on jose: checks the signature (JWKS, public key or
 * secret), `iss`, `aud`, `exp` (required), `nbf`, the algorithm and optionally `typ`, then maps
 * `sub`, `scope`/`scp` and `exp` to the principal. A refused token throws `InvalidTokenError`
 * (401 `invalid_token` with the reason); a JWKS that cannot be fetched throws as it is (500).
 *
 * ```ts
 * auth: { verifyToken: jwtVerifier({ issuer: 'https://auth.example.com', audience: 'https://mcp.example.com/mcp',
 *                                    jwksUrl: 'https://auth.example.com/.well-known/jwks.json' }) }
 * ```
 */
export function jwtVerifier(options: JwtVerifierOptions): (token: string) => Promise<AuthInfo> {
  // Loaded here, not at import: a server without JWT verification (every stdio server) never pays
  // for jose's module graph at start-up.
  const { jwtVerify } = jose();
  const key = keyOf(options);
  const algorithms = algorithmsFor(options);
  const tolerance = options.clockToleranceS ?? 0;
  const verifyOptions: JWTVerifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms,
    typ: options.typ,
    clockTolerance: tolerance,
    requiredClaims: ['exp', 'sub'],
  };
  return async (token) => {
    let claims: Record<string, unknown>;
    try {
      // Two calls with one shape: jose types a key getter and a key differently.
      claims = (
        typeof key === 'function'
          ? await jwtVerify(token, key, verifyOptions)
          : await jwtVerify(token, key, verifyOptions)
      ).payload;
    } catch (error) {
      const refusal = REFUSALS[(error as { code?: string }).code ?? ''];
      if (refusal) throw new InvalidTokenError(refusal(error as { claim?: string }));
      throw error;
    }
    return principalFromClaims(claims, token, tolerance);
  };
}

function jose(): typeof import('jose') {
  return require('jose');
}

/** Exactly one source of keys, checked when the verifier is built so a misconfiguration fails at start-up. */
function keyOf(options: JwtVerifierOptions): JWTVerifyGetKey | KeyObject | Uint8Array {
  if (!nonEmpty(options.issuer)) throw new Error('jwtVerifier: `issuer` is required (the authorization server)');
  if (!nonEmpty(options.audience))
    throw new Error('jwtVerifier: `audience` is required (this server, as the tokens name it in `aud`)');
  const sources = (['jwksUrl', 'publicKey', 'secret'] as const).filter((name) => options[name] !== undefined);
  if (sources.length !== 1)
    throw new Error(
      `jwtVerifier: give exactly one of \`jwksUrl\`, \`publicKey\` or \`secret\`${sources.length ? ` (got ${sources.join(', ')})` : ''}`,
    );
  if (options.jwksUrl !== undefined) {
    const url = new URL(options.jwksUrl);
    if (!isLoopbackOrHttps(url))
      throw new Error(`jwtVerifier: \`jwksUrl\` must use https (or http on a loopback address), got ${url.href}`);
    return jose().createRemoteJWKSet(url, {
      timeoutDuration: options.jwks?.timeoutMs,
      cacheMaxAge: options.jwks?.cacheMaxAgeMs,
      cooldownDuration: options.jwks?.cooldownMs,
    });
  }
  if (options.publicKey !== undefined) {
    if (typeof options.publicKey !== 'string') return options.publicKey;
    try {
      return createPublicKey(options.publicKey);
    } catch (error) {
      throw new Error(
        `jwtVerifier: \`publicKey\` is not a PEM public key or certificate (${(error as Error).message})`,
      );
    }
  }
  const secret =
    typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : (options.secret as Uint8Array);
  // RFC 7518 §3.2: an HMAC key at least as long as the hash output; shorter ones can be guessed.
  if (secret.byteLength < 32) throw new Error('jwtVerifier: `secret` must be at least 32 bytes long');
  return secret;
}

/** The accepted algorithms, which must fit the kind of key: HMAC for a secret, asymmetric otherwise. */
function algorithmsFor(options: JwtVerifierOptions): string[] {
  const fitting = options.secret !== undefined ? HMAC : ASYMMETRIC;
  const chosen = options.algorithms ?? fitting;
  const misfits = chosen.filter((alg) => !fitting.includes(alg));
  if (chosen.length === 0 || misfits.length > 0)
    throw new Error(
      `jwtVerifier: \`algorithms\` must be some of ${fitting.join(', ')} for ${options.secret !== undefined ? 'a secret' : 'a public key or JWKS'}${misfits.length ? ` (not ${misfits.join(', ')})` : ''}`,
    );
  return chosen;
}

function nonEmpty(value: string | string[] | undefined): boolean {
  return Array.isArray(value) ? value.length > 0 && value.every((item) => item !== '') : !!value;
}
