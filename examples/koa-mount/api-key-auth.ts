import type { AuthInfo } from 'armature-mcp';
import type { Middleware } from 'koa';

/**
 * The Koa app's own authentication, nothing of Armature's: an `X-Api-Key` header looked up in a
 * table. A known key puts its principal in `ctx.state.auth`, which is where Armature (and this
 * app's own routes) read who the caller is; anything else is refused here, before MCP.
 */
export function apiKeyAuth(keys: ReadonlyMap<string, AuthInfo>): Middleware {
  return async (ctx, next) => {
    const principal = keys.get(ctx.get('x-api-key'));
    if (!principal) {
      ctx.status = 401;
      ctx.body = { error: 'unauthorized', message: 'Send a known API key in the X-Api-Key header' };
      return;
    }
    ctx.state.auth = principal;
    await next();
  };
}
