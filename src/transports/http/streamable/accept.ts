import type { Context } from 'koa';
import { ErrorCode } from '../../../protocol/mcp-error';
import { HttpError } from '../http-error';

/** Whether the `Accept` header admits `type` (`*\/*` and `application/*` count). */
export function accepts(ctx: Context, type: string): boolean {
  const [major] = type.split('/');
  return ctx
    .get('accept')
    .split(',')
    .map((part) => part.split(';')[0].trim().toLowerCase())
    .some((range) => range === type || range === '*/*' || range === `${major}/*`);
}

/** 406 unless the client accepts every type it may be answered with. */
export function requireAccept(ctx: Context, ...types: string[]): void {
  const missing = types.filter((type) => !accepts(ctx, type));
  if (missing.length > 0) {
    throw new HttpError(
      406,
      ErrorCode.ConnectionClosed,
      `Not Acceptable: the client must accept ${types.join(' and ')}`,
    );
  }
}
