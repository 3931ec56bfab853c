import type { Invocable, RuntimeOptions } from '../components/invocable';
import { DefinitionError } from '../discovery/definition-error';
import { metadataOf } from './call-context';
import { Public, RequireScopes } from './decorators/access.decorators';
import { RateLimit, type RateLimitOptions, Timeout } from './decorators/limit.decorators';
import type { Enhancers, Role } from './enhancers';
import type { CanActivate, ExceptionFilter, McpInterceptor, PipeTransform } from './interfaces';
import { CATCHES, FILTERS, GUARDS, INTERCEPTORS, PIPES } from './metadata-keys';

const NONE: unknown[] = [];

/** The application-wide (outermost) part of every chain. */
export interface GlobalEnhancers {
  guards?: unknown[];
  interceptors?: unknown[];
  pipes?: unknown[];
  filters?: unknown[];
  /** A `@Timeout` for every call that declares none. */
  timeoutMs?: number;
}

export interface CatchingFilter {
  filter: ExceptionFilter;
  /** Error types it handles; empty: every error. */
  catches: Function[];
}

/**
 * Everything the pipeline runs around one component, resolved once, the first time it is called
 * or listed: global, class and method declarations merged in order, classes built from the container.
 */
export interface Chain {
  /** Scopes the caller's token needs, unless the component is public. */
  scopes?: string[];
  /** Global, then class, then method. */
  guards: CanActivate[];
  rateLimit?: RateLimitOptions;
  timeoutMs?: number;
  /** Outermost first: global, class, method. */
  interceptors: McpInterceptor[];
  pipes: PipeTransform[];
  /** Nearest first: method, class, global. */
  filters: CatchingFilter[];
  /** Options of a runtime component, answered by `ctx.getMetadata`. */
  runtime?: ReadonlyMap<unknown, unknown>;
  /** Guards or scopes decide who may see and call it. */
  gated: boolean;
  /** Nothing at all around the method: calls take the short path. */
  plain: boolean;
}

export function buildChain(component: Invocable, global: GlobalEnhancers, enhancers: Enhancers): Chain {
  const { cls, handler, options } = component.origin;
  const owner = component.owner;
  // Built for every component at start-up: a layer with nothing declared costs no array.
  const layers = (key: symbol, option: keyof RuntimeOptions, globalList: unknown[] | undefined): unknown[] => {
    let list: unknown[] = NONE;
    for (const layer of [
      globalList ?? NONE,
      (cls && (Reflect.getMetadata(key, cls) as unknown[])) || NONE,
      (Reflect.getMetadata(key, handler) as unknown[]) ?? NONE,
      (options?.[option] as unknown[] | undefined) ?? NONE,
    ]) {
      if (layer !== NONE) list = [...list, ...layer];
    }
    return list;
  };
  const build = <T>(role: Role, list: unknown[]): T[] =>
    list.length === 0 ? [] : list.map((item) => enhancers.instance<T>(role, item, owner));

  const runtime = runtimeMetadata(options);
  const read = <T>(key: unknown): T | undefined =>
    runtime?.has(key) ? (runtime.get(key) as T) : metadataOf<T>(component, key);

  const scopes = requiredScopes(runtime, handler, cls);
  if (scopes !== undefined && (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string' || s === ''))) {
    throw new DefinitionError(owner, '@RequireScopes takes scope names (non-empty strings)');
  }
  const timeoutMs = read<number>(Timeout) ?? global.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new DefinitionError(owner, `@Timeout takes a positive number of milliseconds, got ${timeoutMs}`);
  }
  const rateLimit = read<RateLimitOptions>(RateLimit);
  if (rateLimit) checkRateLimit(rateLimit, owner);

  const guards = build<CanActivate>('guard', layers(GUARDS, 'guards', global.guards));
  const interceptors = build<McpInterceptor>('interceptor', layers(INTERCEPTORS, 'interceptors', global.interceptors));
  const pipes = build<PipeTransform>('pipe', layers(PIPES, 'pipes', global.pipes));
  const filters = build<ExceptionFilter>('filter', layers(FILTERS, 'filters', global.filters))
    .reverse()
    .map((filter) => ({ filter, catches: (Reflect.getMetadata(CATCHES, filter.constructor) as Function[]) ?? [] }));

  const required = scopes && scopes.length > 0 ? scopes : undefined;
  const gated = required !== undefined || guards.length > 0;
  return {
    scopes: required,
    guards,
    rateLimit,
    timeoutMs,
    interceptors,
    pipes,
    filters,
    runtime,
    gated,
    plain:
      !gated &&
      !rateLimit &&
      timeoutMs === undefined &&
      interceptors.length === 0 &&
      pipes.length === 0 &&
      filters.length === 0,
  };
}

/** The nearest declaration wins: runtime options, then the method, then the class; `@Public` needs none. */
function requiredScopes(
  runtime: ReadonlyMap<unknown, unknown> | undefined,
  handler: Function,
  cls: Function | undefined,
): string[] | undefined {
  if (runtime?.get(Public)) return undefined;
  if (runtime?.has(RequireScopes)) return runtime.get(RequireScopes) as string[];
  for (const holder of [handler, cls]) {
    if (!holder) continue;
    if (Reflect.getMetadata(Public, holder)) return undefined;
    const scopes = Reflect.getMetadata(RequireScopes, holder) as string[] | undefined;
    if (scopes !== undefined) return scopes;
  }
  return undefined;
}

function runtimeMetadata(options: RuntimeOptions | undefined): Map<unknown, unknown> | undefined {
  if (!options) return undefined;
  const given = options.metadata;
  const map = new Map<unknown, unknown>(given instanceof Map ? given : Object.entries(given ?? {}));
  if (options.requireScopes !== undefined) map.set(RequireScopes, options.requireScopes);
  if (options.public !== undefined) map.set(Public, options.public);
  if (options.timeoutMs !== undefined) map.set(Timeout, options.timeoutMs);
  if (options.rateLimit !== undefined) map.set(RateLimit, options.rateLimit);
  return map.size > 0 ? map : undefined;
}

function checkRateLimit(options: RateLimitOptions, owner: string): void {
  const positiveInt = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  if (!positiveInt(options.limit) || !positiveInt(options.windowMs)) {
    throw new DefinitionError(owner, '@RateLimit needs a positive integer limit and windowMs');
  }
  if (options.per !== undefined && !['principal', 'session', 'global'].includes(options.per)) {
    throw new DefinitionError(owner, `@RateLimit per must be 'principal', 'session' or 'global', got '${options.per}'`);
  }
}
