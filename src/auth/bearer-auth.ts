import type { Context, Next } from 'koa';
import type { AuthInfo } from '../context/client-exchange';
import type { AuthOptions } from './auth-options';
import type { BearerErrorCode } from './bearer-challenge';
import { BearerRefusal } from './bearer-refusal';
import { InvalidTokenError } from './invalid-token-error';
import { metadataUrl } from './protected-resource';

/** Requests that never need a token: health checks, discovery, CORS preflights. */
function isPublic(ctx: Context): boolean {
  return ctx.method === 'OPTIONS' || ctx.path === '/healthz' || ctx.path.startsWith('/.well-known/');
}

/** `Authorization: Bearer <b64token>` (RFC 6750 §2.1); the scheme is case-insensitive. */
const BEARER = /^Bearer(?:\s+(.*?))?\s*$/i;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Checks `Authorization: Bearer <token>` on every MCP request and refuses (throws a
 * `BearerRefusal`, which the HTTP error envelope answers) as RFC 6750 §3 and the MCP authorization
 * spec say, with an OAuth error body like the official SDK's:
 * - no bearer credentials: 401, `WWW-Authenticate: Bearer scope="…", resource_metadata="…"` (no
 *   error code, RFC 6750 §3.1), so the client can find its authorization server (RFC 9728 §5.1);
 * - a malformed bearer header, or a token in the query string (the spec forbids it): 400
 *   `invalid_request`;
 * - a token the verifier refuses, or whose `expiresAt` has passed: 401 `invalid_token`;
 * - a token without the required scopes: 403 `insufficient_scope` naming them.
 * A verifier that throws anything but `InvalidTokenError` could not decide: that error goes on to
 * the HTTP error envelope (500, logged) instead of telling the client its token is bad.
 * The verified principal goes to `ctx.state.auth`, from where it reaches `McpContext.auth`.
 */
export function bearerAuth(options: AuthOptions, endpointPath: string, now: () => number = Date.now) {
  const required = options.requiredScopes ?? [];
  return async (ctx: Context, next: Next): Promise<void> => {
    if (isPublic(ctx)) return next();
    const refuse = (error: BearerErrorCode | undefined, description: string, scope = required): never => {
      const challenge = {
        resourceMetadata: metadataUrl(ctx, endpointPath),
        error,
        errorDescription: error ? description : undefined,
        scope,
      };
      throw new BearerRefusal(challenge, description);
    };

    if (ctx.querystring && ctx.query.access_token !== undefined)
      return refuse('invalid_request', 'Access tokens are accepted only in the Authorization header');
    const header = ctx.get('authorization');
    const match = BEARER.exec(header);
    if (!match) return refuse(undefined, 'A bearer token is required');
    const token = match[1] ?? '';
    if (!B64TOKEN.test(token)) return refuse('invalid_request', 'The Authorization header is not a bearer token');

    let principal: AuthInfo | undefined;
    try {
      principal = await options.verifyToken(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return refuse('invalid_token', error.message);
      throw error;
    }
    if (!principal) return refuse('invalid_token', 'The token is not valid for this resource');
    if (principal.expiresAt !== undefined && principal.expiresAt * 1000 <= now())
      return refuse('invalid_token', 'The token has expired');
    const missing = required.filter((scope) => !principal.scopes?.includes(scope));
    if (missing.length > 0) return refuse('insufficient_scope', `The token lacks the scopes ${missing.join(', ')}`);
    ctx.state.auth = principal;
    await next();
  };
}

/** The verified principal of a request, if the transport is protected. */
export function principalOf(ctx: Context): AuthInfo | undefined {
  return ctx.state.auth as AuthInfo | undefined;
}
