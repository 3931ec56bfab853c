import type { Context } from 'koa';
import { ErrorCode } from '../../../core/protocol/mcp-error';
import { HttpError } from '../http-error';

// Clients send the same few Accept values over and over: parse each once (bounded).
const parsed = new Map<string, string[]>();

function ranges(header: string): string[] {
  let known = parsed.get(header);
  if (!known) {
    known = header.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
    if (parsed.size >= 64) parsed.clear();
    parsed.set(header, known);
  }
  return known;
}

/** Whether the `Accept` header admits `type` (`*\/*` and `application/*` count). */
export function accepts(ctx: Context, type: string): boolean {
  const major = type.slice(0, type.indexOf('/'));
  return ranges(ctx.get('accept')).some((range) => range === type || range === '*/*' || range === `${major}/*`);
}

/** 406 unless the client accepts every type it may be answered with. */
export function requireAccept(ctx: Context, ...types: string[]): void {
  const missing = types.filter((type) => !accepts(ctx, type));
  if (missing.length > 0) {
    throw new HttpError(
      'notAcceptable',
      ErrorCode.ConnectionClosed,
      `Not Acceptable: the client must accept ${types.join(' and ')}`,
    );
  }
}
