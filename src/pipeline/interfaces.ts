import type { ComponentKind } from '../components/invocable';
import type { AuthInfo } from '../context/client-exchange';
import type { McpContext } from '../context/mcp-context';
import type { Constructor } from '../metadata/types';

/**
 * What guards, interceptors, pipes and filters know about the call they take part in. At list
 * time (deciding who sees a component) guards get it with `args` undefined.
 */
export interface ExecutionContext {
  readonly kind: ComponentKind;
  /** The tool or prompt name, the resource URI or template, or `prompt:<name>#<argument>` for a completion. */
  readonly name: string;
  /**
   * The arguments: as sent until DTO validation, then the validated DTO (then what pipes made of
   * it). An interceptor may replace them before calling `next.handle()`. For a resource they are
   * the template's variables; for a completion `{ argument, value, arguments }`.
   */
  args: unknown;
  /** The request's McpContext: `auth`, `sessionId`, `era`, `signal`, `log`, `elicit`, ... */
  readonly mcp: McpContext;
  /** The `@McpServer` class (undefined for a tool added at runtime). */
  getClass<T = unknown>(): Constructor<T> | undefined;
  /** The user's method (or the runtime tool's function), where method decorators recorded metadata. */
  getHandler(): Function;
  /**
   * What `SetMetadata` (or a built-in decorator, keyed by itself: `getMetadata(RequireScopes)`)
   * recorded, the method's value over the class's.
   */
  getMetadata<T = unknown>(key: unknown): T | undefined;
}

/** Decides whether the caller may use (and see) a component. */
export interface CanActivate {
  canActivate(ctx: ExecutionContext): boolean | Promise<boolean>;
}

/** The rest of the call, from inside an interceptor: each `handle()` runs it (again). */
export interface CallHandler<T = unknown> {
  handle(): Promise<T>;
}

/**
 * Wraps the call: it may change `ctx.args` before `next.handle()`, change or replace what it
 * returns, return without calling it (short-circuit), or call it again (retry).
 */
export interface McpInterceptor<T = unknown, R = unknown> {
  intercept(ctx: ExecutionContext, next: CallHandler<T>): R | Promise<R>;
}

/** Transforms (or refuses, by throwing) the validated arguments before the method gets them. */
export interface PipeTransform<T = any, R = any> {
  transform(value: T, ctx: ExecutionContext): R | Promise<R>;
}

/**
 * Turns an error into a result (mapped like a method's return value) or into another error: a
 * `ToolError` becomes an `isError` result the model reads. Declare what it catches with `@Catch`.
 */
export interface ExceptionFilter<E = any> {
  catch(error: E, ctx: ExecutionContext): unknown;
}

/** One MCP request as middleware sees it, whatever its method. */
export interface McpRequest {
  /** The JSON-RPC id the client gave the request. */
  readonly id: string | number;
  readonly method: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly era: 'session' | 'stateless';
  readonly auth?: AuthInfo;
}

/** Koa-style middleware around every MCP request: `next()` runs the request and resolves to its result. */
export type McpMiddleware = (
  request: McpRequest,
  next: () => Promise<Record<string, unknown>>,
) => Promise<Record<string, unknown>>;

/** A guard, interceptor, pipe or filter: a class (resolved from the container, so it can inject) or an instance. */
export type Enhancer<T> = Constructor<T> | T;
