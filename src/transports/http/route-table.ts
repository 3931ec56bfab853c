import type Router from '@koa/router';
import type { Context, Middleware, Next } from 'koa';

type Layer = Router['stack'][number];

/** What @koa/router puts on a request's context. */
interface RoutedContext {
  router: Router;
  matched?: Layer[];
  routeMatched: boolean;
  _matchedRoute?: string | RegExp;
  _matchedRouteName?: string;
  captures: string[];
  params: Record<string, string>;
  request: { params: Record<string, string> };
  routerPath?: string | RegExp;
  routerName?: string;
  newRouterPath?: string;
}

/** What the router does for one (path, method): run one route, or nothing at all (its not-found `next()`). */
type Outcome = { route: Layer; matched: Layer[] } | 'none';

/** How many URLs' outcomes are remembered (a client's few paths; beyond, the memory starts over). */
const MAX_REMEMBERED = 64;

/** A path with no query, fragment, escapes or spaces. */
const PLAIN_PATH = /^\/[A-Za-z0-9._~/-]*$/;

/**
 * @koa/router's dispatch with its per-request work done once per path.
 * For a request whose URL is a plain path (no query, no escapes), the router's match depends only
 * on the path and the method, so it is computed by the router once and remembered;
 * the request then gets what the router's dispatch would give it (the same `ctx.matched`,
 * `ctx.router`, `ctx.routeMatched`, `ctx.params`, `ctx.routerPath`, `_matchedRoute`, and the
 * route's middleware with the same `next`) without the per-request host parsing, regexp tests,
 * arrays and composed chain. Every other request goes through the router itself, unchanged.
 * Routes added later are seen: the remembered outcomes are dropped when the router's stack grows.
 */
export class RouteTable {
  private readonly dispatch: Middleware;
  /** By URL, then method. */
  private outcomes = new Map<string, Map<string, Outcome | undefined>>();
  private layers = -1;

  constructor(
    private readonly router: Router,
    /** `router.allowedMethods()` when it follows the router: only then is a request no route takes its business. */
    private readonly allowedMethods?: Middleware,
  ) {
    const routes = router.routes() as unknown as Middleware;
    this.dispatch = allowedMethods ? (ctx, next) => allowedMethods(ctx, () => routes(ctx, next)) : routes;
  }

  /** The router's middleware (with `allowedMethods` after it, when given), for one request. */
  run(context: Context, next: Next): Promise<unknown> {
    const outcome = this.outcomeOf(context);
    const ctx = context as unknown as RoutedContext;
    if (outcome === undefined) return this.dispatch(context, next) as Promise<unknown>;
    if (outcome === 'none') {
      this.markMatched(ctx, []);
      ctx.routeMatched = false;
      return next();
    }
    const { route } = outcome;
    this.markMatched(ctx, outcome.matched);
    ctx.routeMatched = true;
    ctx._matchedRoute = route.path;
    if (route.name) ctx._matchedRouteName = route.name;
    // What the router's per-layer step sets (a literal path captures nothing).
    ctx.captures = [];
    ctx.request.params = { ...ctx.params };
    ctx.params = ctx.request.params;
    ctx.routerPath = route.path;
    ctx.routerName = route.name || undefined;
    const handler = route.stack[0];
    try {
      return Promise.resolve(handler(context as never, next));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * True when the router would do nothing for this request but call `next()`: no route's path
   * matches it at all. The request is then marked as the router would mark it.
   */
  passes(context: Context): boolean {
    if (this.outcomeOf(context) !== 'none') return false;
    const ctx = context as unknown as RoutedContext;
    this.markMatched(ctx, []);
    ctx.routeMatched = false;
    return true;
  }

  private markMatched(ctx: RoutedContext, layers: Layer[]): void {
    ctx.router = this.router;
    if (ctx.matched) ctx.matched.push(...layers);
    else ctx.matched = layers.slice();
  }

  /** The remembered outcome for a request at a plain URL, or undefined: ask the router. */
  private outcomeOf(ctx: Context): Outcome | undefined {
    const url = ctx.req.url;
    // A nested router's path (or none at all) is not the URL: leave it to the router.
    if (url === undefined || (ctx as unknown as RoutedContext).newRouterPath) return undefined;
    if (this.router.stack.length !== this.layers) this.forget();
    const method = ctx.req.method ?? 'GET';
    let byMethod = this.outcomes.get(url);
    if (byMethod?.has(method)) return byMethod.get(method);
    // Only plain paths: for them the URL is exactly what Koa's `ctx.path` parses out of it.
    if (!PLAIN_PATH.test(url)) return undefined;
    if (!byMethod) {
      if (this.outcomes.size >= MAX_REMEMBERED) this.outcomes.clear();
      byMethod = new Map();
      this.outcomes.set(url, byMethod);
    }
    const outcome = this.learn(url, method);
    byMethod.set(method, outcome);
    return outcome;
  }

  private learn(path: string, method: string): Outcome | undefined {
    const opts = this.router.opts as { exclusive?: unknown; host?: unknown; routerPath?: unknown };
    if (opts.exclusive || opts.host || opts.routerPath || this.router.host) return undefined;
    const match = this.router.match(path, method);
    if (match.path.length === 0) return this.allowedMethods ? undefined : 'none';
    // One route, plain: anything else (router-level middleware, several layers, OPTIONS' answer) is the router's.
    if (!match.route || match.pathAndMethod.length !== 1 || method === 'OPTIONS') return undefined;
    const route = match.pathAndMethod[0];
    if (route.paramNames.length > 0 || route.stack.length !== 1 || route.opts.ignoreCaptures) return undefined;
    return { route, matched: match.path };
  }

  private forget(): void {
    this.layers = this.router.stack.length;
    this.outcomes = new Map();
  }
}
