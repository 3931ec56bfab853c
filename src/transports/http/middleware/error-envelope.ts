import type { Context, Middleware } from 'koa';
import { BearerRefusal } from '../../../auth/bearer-refusal';
import type { Logger } from '../../../core/logging/logger';
import { ErrorFunnel, faultAnswer } from '../../../core/protocol/error-funnel';
import { ErrorCode, McpError } from '../../../core/protocol/mcp-error';
import { StateUnavailableError } from '../../../core/stores/state-unavailable';
import { clientLeft } from '../client-gone';
import { HttpError } from '../http-error';
import { bearerRefusalStatus, HTTP_STATUS } from '../http-status';

/**
 * Every refusal leaves with the status the HTTP status table gives it: our own HttpErrors with a
 * JSON-RPC error body, bearer auth's refusals with their challenge and OAuth body, and Koa's
 * (e.g. 405 from the router) with their status kept. Anything else is a 500 whose body the
 * engine's error funnel builds: details in the log, masked on the wire unless `exposeErrors`.
 */
export function errorEnvelope(logger: Logger, funnel: () => ErrorFunnel | undefined = () => undefined): Middleware {
  const answer = errorAnswer(logger, funnel);
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      answer(ctx, error);
    }
  };
}

/** What the error envelope does with an error, for a request path that catches its errors itself. */
export function errorAnswer(
  logger: Logger,
  funnel: () => ErrorFunnel | undefined = () => undefined,
): (ctx: Context, error: unknown) => void {
  // Before a transport hands over its engine's funnel, unexpected errors are masked.
  const masking = new ErrorFunnel(logger);
  return (ctx, error) => {
    if (clientLeft(ctx, error)) {
      // Nobody is left to answer, and the server did nothing wrong: no 500, no error in the log.
      logger.debug(
        'HTTP %s %s: the client left before its answer (%s)',
        ctx.method,
        ctx.path,
        (error as Error).message,
      );
      return;
    }
    if (ctx.respond === false || ctx.headerSent) {
      logger.error('HTTP %s %s failed after the response started: %s', ctx.method, ctx.path, (error as Error).stack);
      return;
    }
    if (error instanceof HttpError) return error.answer(ctx);
    if (error instanceof BearerRefusal) {
      ctx.status = bearerRefusalStatus(error.error);
      ctx.set('WWW-Authenticate', error.challenge);
      ctx.body = error.body();
      return;
    }
    if (error instanceof StateUnavailableError) {
      // Not the request's fault and not a crash: the shared state is out of reach for now.
      logger.warn('HTTP %s %s: %s (%s)', ctx.method, ctx.path, error.message, error.reason);
      ctx.status = HTTP_STATUS.unavailable;
      ctx.set('Retry-After', '1');
      ctx.body = faultAnswer(null, error);
      return;
    }
    // Koa's own refusals (the router's 405) carry their status: it is theirs to decide.
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      ctx.status = status;
      ctx.set((error as { headers?: Record<string, string> }).headers ?? {});
      ctx.body = faultAnswer(null, new McpError(ErrorCode.InvalidRequest, (error as Error).message));
      return;
    }
    ctx.status = HTTP_STATUS.internal;
    ctx.body = (funnel() ?? masking).answer(null, error, `HTTP ${ctx.method} ${ctx.path}`);
  };
}
