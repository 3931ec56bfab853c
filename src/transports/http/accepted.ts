import type { Context } from 'koa';

/**
 * Answers a POST that carried only notifications or responses: 202 Accepted and no body, as the
 * streamable HTTP transport requires (Koa would otherwise fill an empty 202 with the text
 * "Accepted"). Legacy SSE answers every POST this way, its replies travel on the stream.
 */
export function accepted(ctx: Context): void {
  // In this order: Koa turns a null body set after a 2xx status into 204.
  ctx.body = null;
  ctx.status = 202;
}
