import 'reflect-metadata';
import Router from '@koa/router';
import { type AuthInfo, type Logger, McpApplication, type MountOptions } from 'armature-mcp';
import Koa from 'koa';
import { container } from 'tsyringe';
import { apiKeyAuth } from './api-key-auth';
import { HelpdeskServer } from './helpdesk.server';
import { TicketDesk } from './ticket-desk.service';

/** Demo keys; a real app reads them from its user store. */
export const DEMO_KEYS: ReadonlyMap<string, AuthInfo> = new Map([
  ['alice-key', { subject: 'alice', scopes: ['tickets:write'] }],
  ['bob-key', { subject: 'bob', scopes: ['tickets:read'] }],
]);

export interface Helpdesk {
  koa: Koa;
  mcp: McpApplication;
}

/**
 * An existing Koa service, a helpdesk with its own routes and its own API-key authentication,
 * that now also serves MCP at `/api/mcp` (streamable HTTP; or legacy SSE at `/api/sse` with
 * `transport: 'sse'`). Its middleware order is the whole design: the public routes first, then
 * authentication for everything under `/api`, then the REST routes, then Armature (which also
 * answers the public `/healthz` and `/readyz`).
 */
export async function createHelpdesk(options: MountOptions = {}, logger?: Logger): Promise<Helpdesk> {
  const scope = container.createChildContainer();
  const desk = scope.resolve(TicketDesk);
  const mcp = await McpApplication.create(HelpdeskServer, { container: scope, logger });

  const koa = new Koa();
  const open = new Router();
  open.get('/', (ctx) => {
    ctx.body = { service: 'helpdesk', mcp: '/api/mcp' };
  });
  koa.use(open.routes());

  const api = new Router({ prefix: '/api' });
  api.get('/tickets', (ctx) => {
    ctx.body = desk.of((ctx.state.auth as AuthInfo).subject);
  });
  koa.use(async (ctx, next) => (ctx.path.startsWith('/api/') ? apiKeyAuth(DEMO_KEYS)(ctx, next) : next()));
  koa.use(api.routes());
  koa.use(
    mcp.koa({
      path: '/api/mcp',
      ssePath: '/api/sse',
      messagesPath: '/api/messages',
      // The probes stay at /healthz and /readyz, outside /api: an orchestrator has no API key.
      ...options,
    }),
  );
  return { koa, mcp };
}
