import { escapesTools, type Invocable, type Target, type ToolMessages } from '../components/invocable';
import type { McpContext } from '../context/mcp-context';
import type { Logger } from '../core/logging/logger';
import type { CounterStore } from '../core/stores/counter-store';
import type { ComponentView, Listable, Page } from '../registry/component-list';
import { CallContext } from './call-context';
import { buildChain, type Chain, type GlobalEnhancers } from './chain';
import { insufficientScope, notFound } from './denial';
import { Enhancers, type Resolve } from './enhancers';
import type {
  CanActivate,
  ExceptionFilter,
  McpInterceptor,
  McpMiddleware,
  McpRequest,
  PipeTransform,
} from './interfaces';
import { countCall, withTimeout } from './limits';
import { throughMiddleware } from './middleware';

/** Application-wide parts of the pipeline: they run outermost, around what classes and methods declare. */
export interface PipelineOptions {
  guards?: (Function | CanActivate)[];
  interceptors?: (Function | McpInterceptor)[];
  pipes?: (Function | PipeTransform)[];
  filters?: (Function | ExceptionFilter)[];
  /** A time limit for every call that declares no `@Timeout`, in milliseconds. */
  timeoutMs?: number;
  /** Where `@RateLimit` counts (in memory unless several instances share one). */
  counterStore?: CounterStore;
}

export interface PipelineDeps {
  resolve: Resolve;
  messages: ToolMessages;
  logger: Logger;
  counters?: CounterStore;
  now?: () => number;
}

const NO_TARGET: Target = Object.freeze({});

/**
 * The one call path of every component kind: middleware -> guards -> rate limit -> timeout ->
 * interceptors -> DTO validation -> pipes -> the method -> the result mapper; a throw goes to the
 * nearest matching filter, then to the kind's recovery (a tool's `isError`) or the error funnel.
 * A component with nothing declared around it takes a short path that allocates no context.
 */
export class CallPipeline {
  private readonly chains = new WeakMap<Invocable, Chain>();
  private readonly gatedItems = new WeakMap<object, { version: number; items: Invocable[] }>();
  private readonly middleware: McpMiddleware[] = [];
  private readonly enhancers: Enhancers;
  private readonly now: () => number;

  constructor(
    private readonly global: GlobalEnhancers,
    private readonly deps: PipelineDeps,
  ) {
    this.enhancers = new Enhancers(deps.resolve);
    this.now = deps.now ?? Date.now;
  }

  use(middleware: McpMiddleware): void {
    if (typeof middleware !== 'function') throw new TypeError('app.use() takes a function (request, next) => result');
    this.middleware.push(middleware);
  }

  /** Whether the application added any middleware (without, a request need not be described to it). */
  get hasMiddleware(): boolean {
    return this.middleware.length > 0;
  }

  /** Runs one MCP request (any method) through the middleware. */
  handle(
    request: McpRequest,
    run: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> {
    return throughMiddleware(this.middleware, request, run);
  }

  /** Builds (and checks) every chain now, so a misdeclared guard fails at start-up, not on a call. */
  prepare(components: Iterable<Invocable>): void {
    for (const component of components) this.chainOf(component);
  }

  /**
   * Calls a component. `admitted`: guards already let this call through (a task that runs later).
   * Not async itself: each path is an async function of its own, so the short path's suspended
   * frame holds only what it uses.
   */
  run<R>(component: Invocable<R>, raw: unknown, mcp: McpContext, target = NO_TARGET, admitted = false): Promise<R> {
    let chain: Chain;
    try {
      chain = this.chainOf(component);
    } catch (error) {
      return Promise.reject(error);
    }
    return chain.plain
      ? this.runPlain(component, raw, mcp, target)
      : this.runDeclared(chain, component, raw, mcp, target, admitted);
  }

  private async runPlain<R>(component: Invocable<R>, raw: unknown, mcp: McpContext, target: Target): Promise<R> {
    try {
      const value = component.invoke(await component.parse(raw), mcp, target);
      // Most methods answer at once: awaiting a plain value would cost a promise and a tick.
      return component.toResult(isThenable(value) ? await value : value, target);
    } catch (error) {
      return component.recover(error, mcp, this.deps.messages);
    }
  }

  private async runDeclared<R>(
    chain: Chain,
    component: Invocable<R>,
    raw: unknown,
    mcp: McpContext,
    target: Target,
    admitted: boolean,
  ): Promise<R> {
    const ctx = new CallContext(component, raw, mcp, chain.runtime);
    try {
      if (!admitted && chain.gated) await this.check(chain, component, ctx, target);
      if (chain.rateLimit) await countCall(ctx, component, chain.rateLimit, this.counters(component), this.now);
      const inner = () => this.intercepted(chain, component, ctx, target);
      const value =
        chain.timeoutMs === undefined ? await inner() : await withTimeout(ctx, component, chain.timeoutMs, inner);
      return component.toResult(value, target);
    } catch (error) {
      return this.fail(chain, component, ctx, target, error);
    }
  }

  /**
   * Lets the call through or rejects as if the component did not exist (or asks for scopes).
   * Nothing to decide for a component without guards or scopes: undefined at once, no promise.
   */
  admit(component: Invocable, mcp: McpContext, raw?: unknown, target = NO_TARGET): Promise<void> | undefined {
    const chain = this.chainOf(component);
    if (!chain.gated) return undefined;
    return this.check(chain, component, new CallContext(component, raw, mcp, chain.runtime), target);
  }

  /** Whether this caller may see the component: its guards run with `args` undefined. */
  async visible(component: Invocable, mcp: McpContext): Promise<boolean> {
    const chain = this.chainOf(component);
    if (!chain.gated) return true;
    if (chain.scopes && missingScopes(chain.scopes, mcp).length > 0) return false;
    const ctx = new CallContext(component, undefined, mcp, chain.runtime);
    try {
      for (const guard of chain.guards) if (!(await guard.canActivate(ctx))) return false;
      return true;
    } catch (error) {
      this.deps.logger.warn('a guard of %s failed while listing: %s', component.owner, String(error));
      return false;
    }
  }

  /**
   * One page of a list as this caller sees it. Pages are cached per list version and per
   * visibility class (which gated components the caller sees), never per request.
   */
  async page<T extends Invocable & Listable>(list: ComponentView<T>, cursor: unknown, mcp: McpContext): Promise<Page> {
    const gated = this.gatedOf(list) as T[];
    if (gated.length === 0) return list.page(cursor);
    const seen = await Promise.all(gated.map((component) => this.visible(component, mcp)));
    const hidden = new Set<T>();
    let key = '';
    for (let i = 0; i < gated.length; i++) {
      key += seen[i] ? '1' : '0';
      if (!seen[i]) hidden.add(gated[i]);
    }
    return list.page(cursor, { key, includes: (item) => !hidden.has(item) });
  }

  private gatedOf(list: ComponentView<Invocable & Listable>): Invocable[] {
    const known = this.gatedItems.get(list);
    if (known?.version === list.version) return known.items;
    const items = list.enabled().filter((component) => this.chainOf(component).gated);
    this.gatedItems.set(list, { version: list.version, items });
    return items;
  }

  private chainOf(component: Invocable): Chain {
    let chain = this.chains.get(component);
    if (!chain) {
      chain = buildChain(component, this.global, this.enhancers);
      this.chains.set(component, chain);
    }
    return chain;
  }

  private async check(chain: Chain, component: Invocable, ctx: CallContext, target: Target): Promise<void> {
    if (chain.scopes) {
      const missing = missingScopes(chain.scopes, ctx.mcp);
      if (missing.length > 0) throw insufficientScope(component, chain.scopes, missing);
    }
    for (const guard of chain.guards) if (!(await guard.canActivate(ctx))) throw notFound(component, target);
  }

  /** Interceptors around validation, pipes and the method; each `handle()` runs the rest again. */
  private intercepted(chain: Chain, component: Invocable, ctx: CallContext, target: Target): Promise<unknown> {
    // A retry finds ctx.args already validated: it validates what was sent, not the DTO it became.
    let sent: unknown;
    let became: unknown = Symbol('none');
    const core = async (): Promise<unknown> => {
      const raw = ctx.args === became ? sent : ctx.args;
      let args = await component.parse(raw);
      ctx.args = args;
      for (const pipe of chain.pipes) {
        args = await pipe.transform(args, ctx);
        ctx.args = args;
      }
      sent = raw;
      became = args;
      return component.invoke(args, ctx.mcp, target);
    };
    const step = async (index: number): Promise<unknown> =>
      index === chain.interceptors.length
        ? core()
        : chain.interceptors[index].intercept(ctx, { handle: () => step(index + 1) });
    return step(0);
  }

  private async fail<R>(
    chain: Chain,
    component: Invocable<R>,
    ctx: CallContext,
    target: Target,
    error: unknown,
  ): Promise<R> {
    if (escapesTools(error)) throw error;
    const match = chain.filters.find(
      ({ catches }) => catches.length === 0 || catches.some((type) => error instanceof type),
    );
    if (!match) return component.recover(error, ctx.mcp, this.deps.messages);
    try {
      return component.toResult(await match.filter.catch(error, ctx), target);
    } catch (mapped) {
      return component.recover(mapped, ctx.mcp, this.deps.messages);
    }
  }

  private counters(component: Invocable): CounterStore {
    if (!this.deps.counters) throw new Error(`@RateLimit on ${component.owner} needs a counter store`);
    return this.deps.counters;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function missingScopes(required: string[], mcp: McpContext): string[] {
  const granted = mcp.auth?.scopes ?? [];
  return required.filter((scope) => !granted.includes(scope));
}
