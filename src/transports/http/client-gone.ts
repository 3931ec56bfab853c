import type { Context } from 'koa';

/** Codes that say the client's connection ended (reset, closed early, cut mid-write). */
const GONE_CODES = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | null | undefined)?.code;

/** Whether `error` says a connection ended under it: the client's, or (inside a request) an upstream's. */
export function isDisconnect(error: unknown): boolean {
  const code = codeOf(error);
  return typeof code === 'string' && GONE_CODES.has(code);
}

/**
 * Whether `error` only says that this request's client left: its connection is gone, so nobody is
 * there to answer and the server did nothing wrong. An upstream's reset inside a request, with the
 * client still connected, is not this: it is answered and logged like any failure.
 */
export function clientLeft(ctx: Context, error: unknown): boolean {
  const socket = ctx.req.socket;
  return isDisconnect(error) && (ctx.req.destroyed || !socket || socket.destroyed);
}

/** Whether `error` is Node's HTTP parser refusing what a client sent (a request cut short, bad bytes). */
export function isMalformedHttp(error: unknown): boolean {
  const code = codeOf(error);
  return typeof code === 'string' && code.startsWith('HPE_');
}
