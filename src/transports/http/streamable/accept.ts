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
  return admits(ranges(acceptOf(ctx)), type);
}

function admits(ranges: string[], type: string): boolean {
  for (const range of ranges) {
    if (range === type || range === '*/*') return true;
    // `major/*`, compared without building it: only a range that ends in `/*` can be one.
    const slash = range.length - 2;
    if (
      slash > 0 &&
      range.endsWith('/*') &&
      range.indexOf('/') === slash &&
      type.length > slash &&
      type[slash] === '/' &&
      type.startsWith(range.slice(0, slash))
    ) {
      return true;
    }
  }
  return false;
}

/** The header as `ctx.get('accept')` reads it, without Koa's getters. */
function acceptOf(ctx: Context): string {
  return ctx.req.headers.accept || '';
}

/** 406 unless the client accepts every type it may be answered with. */
export function requireAccept(ctx: Context, ...types: string[]): void {
  const known = ranges(acceptOf(ctx));
  let missing = false;
  for (const type of types) if (!admits(known, type)) missing = true;
  if (missing) {
    throw new HttpError(
      'notAcceptable',
      ErrorCode.ConnectionClosed,
      `Not Acceptable: the client must accept ${types.join(' and ')}`,
    );
  }
}
