import type { Context, Next } from 'koa';
import type { AuthInfo } from '../context/client-exchange';
import type { AuthOptions } from './auth-options';
import { metadataUrl } from './protected-resource';

/** Requests that never need a token: health checks, discovery, CORS preflights. */
function isPublic(ctx: Context): boolean {
  return ctx.method === 'OPTIONS' || ctx.path === '/healthz' || ctx.path.startsWith('/.well-known/');
}

/**
 * Checks `Authorization: Bearer <token>` on every MCP request. A missing or invalid token gets 401
 * with a `WWW-Authenticate` challenge naming the protected-resource metadata (so the client can
 * find its authorization server); a token without the required scopes gets 403. The verified
 * principal goes to `ctx.state.auth`, from where it reaches `McpContext.auth`.
 */
export function bearerAuth(options: AuthOptions, endpointPath: string) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (isPublic(ctx)) return next();
    const challenge = (params: Record<string, string>) => {
      const pairs = Object.entries({ resource_metadata: metadataUrl(ctx, endpointPath), ...params });
      ctx.set('WWW-Authenticate', `Bearer ${pairs.map(([k, v]) => `${k}="${v.replace(/"/g, "'")}"`).join(', ')}`);
    };
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      challenge({});
      return refuse(ctx, 401, 'Unauthorized: a bearer token is required');
    }
    let principal: AuthInfo | undefined;
    try {
      principal = await options.verifyToken(match[1]);
    } catch {
      principal = undefined;
    }
    if (!principal) {
      challenge({ error: 'invalid_token', error_description: 'The token is not valid for this resource' });
      return refuse(ctx, 401, 'Unauthorized: the token is not valid');
    }
    const missing = (options.requiredScopes ?? []).filter((scope) => !principal.scopes?.includes(scope));
    if (missing.length > 0) {
      challenge({ error: 'insufficient_scope', scope: (options.requiredScopes ?? []).join(' ') });
      return refuse(ctx, 403, `Forbidden: the token lacks the scopes ${missing.join(', ')}`);
    }
    ctx.state.auth = principal;
    await next();
  };
}

function refuse(ctx: Context, status: number, message: string): void {
  ctx.status = status;
  ctx.body = { jsonrpc: '2.0', id: null, error: { code: -32001, message } };
}

/** The verified principal of a request, if the transport is protected. */
export function principalOf(ctx: Context): AuthInfo | undefined {
  return ctx.state.auth as AuthInfo | undefined;
}
