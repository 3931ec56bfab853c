import type { Middleware } from 'koa';
import type { Logger } from '../../../core/logging/logger';
import { failure } from '../../../core/protocol/json-rpc';
import { ErrorCode } from '../../../core/protocol/mcp-error';
import { StateUnavailableError } from '../../../core/stores/state-unavailable';
import { HttpError } from '../http-error';

/**
 * Every refusal leaves as a JSON-RPC error body with the right HTTP status: our own HttpErrors,
 * and Koa's (e.g. 405 from the router) with their status kept. Anything else is a 500 whose
 * details stay in the log.
 */
export function errorEnvelope(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (ctx.respond === false || ctx.headerSent) {
        logger.error('HTTP %s %s failed after the response started: %s', ctx.method, ctx.path, (error as Error).stack);
        return;
      }
      if (error instanceof HttpError) return error.answer(ctx);
      if (error instanceof StateUnavailableError) {
        // Not the request's fault and not a crash: the shared state is out of reach for now.
        logger.warn('HTTP %s %s: %s (%s)', ctx.method, ctx.path, error.message, error.reason);
        ctx.status = 503;
        ctx.set('Retry-After', '1');
        ctx.body = failure(null, error.toJson());
        return;
      }
      const status = (error as { status?: number }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.set((error as { headers?: Record<string, string> }).headers ?? {});
        ctx.body = failure(null, { code: ErrorCode.InvalidRequest, message: (error as Error).message });
        return;
      }
      logger.error('HTTP %s %s failed: %s', ctx.method, ctx.path, (error as Error).stack);
      ctx.status = 500;
      ctx.body = failure(null, { code: ErrorCode.InternalError, message: 'Internal error' });
    }
  };
}
