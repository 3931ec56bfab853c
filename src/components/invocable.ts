import type { HandlerContext } from './handler';

export type ComponentKind = 'tool' | 'resource' | 'prompt' | 'completion';

/**
 * Where a component came from, so the call pipeline can read what decorators recorded beside it:
 * the declaring class and the user's own method (the function decorators wrote metadata on), or,
 * for a component added at runtime, its function and the options given with it.
 */
export interface Origin {
  /** The `@McpServer` class; undefined for components added at runtime. */
  readonly cls?: Function;
  /** The user's method or function. */
  readonly handler: Function;
  /** What a component added at runtime was given instead of decorators. */
  readonly options?: RuntimeOptions;
}

/**
 * The call-pipeline options of a component added at runtime (`McpRegistry.addTool`): what the
 * decorators record for a declared one. Typed by shape here; the pipeline checks them when first used.
 */
export interface RuntimeOptions {
  guards?: object[];
  interceptors?: object[];
  pipes?: object[];
  filters?: object[];
  /** As `@RequireScopes(...)`. */
  requireScopes?: string[];
  /** As `@Public()`. */
  public?: boolean;
  /** As `@Timeout(ms)`. */
  timeoutMs?: number;
  /** As `@RateLimit(...)`. */
  rateLimit?: { limit: number; windowMs: number; per?: 'principal' | 'session' | 'global' };
  /** As `SetMetadata(key, value)`, for `ctx.getMetadata(key)`. */
  metadata?: ReadonlyMap<unknown, unknown> | Record<string, unknown>;
}

/** Turns an unexpected error into the text a model reads (the error funnel, handed in from above). */
export interface ToolMessages {
  toToolMessage(error: unknown, tool: string): string;
}

/** What the request addressed, beyond the arguments: the URI of a resource read. */
export interface Target {
  uri?: string;
}

/**
 * The steps every component kind shares, which the call pipeline runs in order: validate the
 * input, run the method, map its value to the kind's result; and what a throw becomes for the kind.
 */
export interface Invocable<R = unknown> {
  readonly kind: ComponentKind;
  /** The name clients use: a tool or prompt name, a resource URI or template, `ref#argument`. */
  readonly name: string;
  /** `Class.method`, or a name given at runtime, for messages. */
  readonly owner: string;
  readonly origin: Origin;
  /** The validated arguments, or a throw naming what is wrong. */
  parse(raw: unknown): Promise<unknown>;
  invoke(args: unknown, ctx: HandlerContext, target: Target): unknown;
  /** The result mapper: what the method returned, as the kind's result. */
  toResult(value: unknown, target: Target): R;
  /** What a throw becomes for this kind: a tool answers `isError`; the others let it reach the funnel. */
  recover(error: unknown, ctx: HandlerContext, messages: ToolMessages): R;
}

/**
 * Errors that must pass through tools untouched: control flow (MRTR's input-required, a caller
 * denied as if the component did not exist) and protocol faults marked for the client.
 */
export function escapesTools(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { controlFlow?: boolean }).controlFlow === true;
}
