import type { Invocable } from '../components/invocable';
import { ErrorCode, McpError, ToolError } from '../core/protocol/mcp-error';
import type { CounterStore } from '../core/stores/counter-store';
import type { CallContext } from './call-context';
import type { RateLimitOptions } from './decorators/limit.decorators';

/** A tool reports a limit to the model (`isError`); other kinds answer a JSON-RPC error. */
function limitError(component: Invocable, message: string, code: number, data: Record<string, unknown>): Error {
  return component.kind === 'tool' ? new ToolError(message) : new McpError(code, message, data);
}

/**
 * Runs `inner` with a signal that aborts after `ms`; if it has not settled by then, the call ends
 * with an error naming the limit while the method, told through `ctx.mcp.signal`, winds down.
 */
export async function withTimeout<T>(
  ctx: CallContext,
  component: Invocable,
  ms: number,
  inner: () => Promise<T>,
): Promise<T> {
  const outer = ctx.mcp;
  const controller = new AbortController();
  ctx.mcp = outer.withSignal(AbortSignal.any([outer.signal, controller.signal]));
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const what = component.kind === 'tool' ? 'Tool' : component.kind === 'prompt' ? 'Prompt' : 'Request';
      const error = limitError(
        component,
        `${what} "${component.name}" timed out after ${ms} ms`,
        ErrorCode.RequestTimeout,
        {
          timeoutMs: ms,
        },
      );
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([inner(), expired]);
  } finally {
    clearTimeout(timer);
    ctx.mcp = outer;
  }
}

/** Counts the call in its window and refuses it, saying when to retry, once the window's quota is spent. */
export async function countCall(
  ctx: CallContext,
  component: Invocable,
  options: RateLimitOptions,
  counters: CounterStore,
  now: () => number,
): Promise<void> {
  const per = options.per ?? 'principal';
  const { auth, sessionId } = ctx.mcp;
  const who =
    per === 'global'
      ? '*'
      : per === 'session'
        ? `session:${sessionId ?? auth?.subject ?? 'anonymous'}`
        : `principal:${auth?.subject ?? sessionId ?? 'anonymous'}`;
  const { count, resetAt } = await counters.increment(
    `rate:${component.kind}:${component.name}:${who}`,
    options.windowMs,
  );
  if (count <= options.limit) return;
  const retryAfterMs = Math.max(0, resetAt - now());
  const seconds = Math.ceil(retryAfterMs / 1000);
  throw limitError(
    component,
    `Rate limit reached for "${component.name}": at most ${options.limit} calls per ${options.windowMs / 1000} s. Retry in ${seconds} s.`,
    ErrorCode.InvalidRequest,
    { retryAfterMs },
  );
}
