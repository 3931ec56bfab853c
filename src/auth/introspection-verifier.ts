import { createHash } from 'node:crypto';
import type { AuthInfo } from '../context/client-exchange';
import { InvalidTokenError } from './invalid-token-error';
import { isLoopbackOrHttps } from './loopback-or-https';
import { principalFromClaims } from './token-claims';

export interface IntrospectionVerifierOptions {
  /** The authorization server's `introspection_endpoint` (RFC 7662 §2). */
  url: string | URL;
  /** This resource server's credentials at the authorization server, sent as HTTP Basic (RFC 6749 §2.3.1). */
  clientId: string;
  clientSecret: string;
  /**
   * The audience an active token must name in `aud`: this server's canonical URI. The MCP spec
   * requires refusing tokens minted for other resources, so an answer without `aud` is refused.
   */
  audience: string | string[];
  /** The issuer an answer's `iss` must be, when the authorization server includes it. */
  issuer?: string;
  /** How long an active token's answer is reused, at most until its `exp` (default 30 s; 0: never). */
  cacheTtlMs?: number;
  /** Answers kept at most (default 10,000); the oldest goes first. */
  cacheMaxEntries?: number;
  /** Time allowed for the endpoint to answer (default 5 s). */
  timeoutMs?: number;
  /** The clock, in milliseconds since the epoch (tests inject one). */
  now?: () => number;
}

interface Cached {
  principal: AuthInfo;
  until: number;
}

/**
 * A `verifyToken` that asks the authorization server about each token (RFC 7662 token
 * introspection): for opaque tokens, or when revocation must take effect at once. An active answer
 * is mapped like a JWT's claims (`sub`, else `client_id`, is the subject; `scope`, `exp`) and
 * reused for a short while, never past `exp`; concurrent requests with one token share one call.
 * An inactive token, or one for another audience, throws `InvalidTokenError` (401); an endpoint
 * that fails or answers something that is not an introspection response throws as it is (500).
 * The exchange is one form POST and one JSON answer, so it is written on `fetch` directly.
 */
export function introspectionVerifier(options: IntrospectionVerifierOptions): (token: string) => Promise<AuthInfo> {
  const url = checkedUrl(options);
  const audiences = [options.audience].flat();
  const now = options.now ?? Date.now;
  const ttl = options.cacheTtlMs ?? 30_000;
  const maxEntries = options.cacheMaxEntries ?? 10_000;
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<AuthInfo>>();
  const authorization = `Basic ${Buffer.from(`${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`).toString('base64')}`;

  async function introspect(token: string): Promise<AuthInfo> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (response.status !== 200) throw new Error(`Token introspection at ${url.href} answered HTTP ${response.status}`);
    const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!answer || typeof answer !== 'object' || typeof answer.active !== 'boolean')
      throw new Error(`Token introspection at ${url.href} did not answer with an RFC 7662 response`);
    if (!answer.active) throw new InvalidTokenError('The token is not active');
    const aud = [answer.aud].flat();
    if (!aud.some((item) => typeof item === 'string' && audiences.includes(item)))
      throw new InvalidTokenError("The token's aud claim is not accepted");
    if (options.issuer !== undefined && answer.iss !== undefined && answer.iss !== options.issuer)
      throw new InvalidTokenError("The token's iss claim is not accepted");
    const subject = typeof answer.sub === 'string' ? answer.sub : answer.client_id;
    const principal = principalFromClaims({ ...answer, sub: subject }, token);
    principal.claims = answer;
    if (principal.expiresAt !== undefined && principal.expiresAt * 1000 <= now())
      throw new InvalidTokenError('The token has expired');
    return principal;
  }

  function remember(key: string, principal: AuthInfo): void {
    const until = Math.min(now() + ttl, principal.expiresAt === undefined ? Infinity : principal.expiresAt * 1000);
    if (until <= now()) return;
    cache.delete(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(key, { principal, until });
  }

  return async (token) => {
    // Keyed by digest, so the cache holds no usable tokens (the principal keeps the token for handlers).
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = cache.get(key);
    if (cached && cached.until > now()) return cached.principal;
    if (cached) cache.delete(key);
    const pending = inFlight.get(key);
    if (pending !== undefined) return pending;
    const call = introspect(token).finally(() => inFlight.delete(key));
    inFlight.set(key, call);
    const principal = await call;
    remember(key, principal);
    return principal;
  };
}

function checkedUrl(options: IntrospectionVerifierOptions): URL {
  const url = new URL(options.url);
  if (!isLoopbackOrHttps(url))
    throw new Error(`introspectionVerifier: \`url\` must use https (or http on a loopback address), got ${url.href}`);
  if (!options.clientId || !options.clientSecret)
    throw new Error("introspectionVerifier: `clientId` and `clientSecret` are required (this server's credentials)");
  if ([options.audience].flat().filter(Boolean).length === 0)
    throw new Error('introspectionVerifier: `audience` is required (this server, as tokens name it in `aud`)');
  return url;
}

/** RFC 6749 §2.3.1: the client id and secret are form-encoded before they are joined and base64-encoded. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
