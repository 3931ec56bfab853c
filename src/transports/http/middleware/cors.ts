import type { Middleware } from 'koa';

const ALLOWED_HEADERS = [
  'Content-Type',
  'Accept',
  'Authorization',
  'Mcp-Session-Id',
  'MCP-Protocol-Version',
  'Mcp-Method',
  'Mcp-Name',
  'Last-Event-ID',
];
const EXPOSED_HEADERS = ['Mcp-Session-Id', 'MCP-Protocol-Version', 'WWW-Authenticate'];

/**
 * CORS for browser clients: answers preflights, allows the MCP request headers (and any
 * `Mcp-Param-*` the preflight asks for) and exposes `Mcp-Session-Id` so a page can read it.
 */
export function cors(option: true | { origins: string[] }): Middleware {
  const origins = option === true ? undefined : new Set(option.origins.map((o) => o.toLowerCase()));
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (!origin || (origins && !origins.has(origin.toLowerCase()))) return next();
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.vary('Origin');
    ctx.set('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
    if (ctx.method !== 'OPTIONS') return next();
    const asked = ctx
      .get('access-control-request-headers')
      .split(',')
      .map((h) => h.trim())
      .filter((h) => /^mcp-param-/i.test(h));
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', [...ALLOWED_HEADERS, ...asked].join(', '));
    ctx.set('Access-Control-Max-Age', '600');
    ctx.status = 204;
  };
}
