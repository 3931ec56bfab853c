import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa, { type Context, type Middleware } from 'koa';
import { RouteTable } from '../../../../src/transports/http/route-table';

type Seen = Record<string, unknown>;

/** What a route handler sees of the router's marks on the context. */
function marks(ctx: Context): Seen {
  const c = ctx as unknown as Record<string, unknown> & { matched?: { path: string }[]; request: { params: unknown } };
  return {
    matched: c.matched?.map((layer) => layer.path),
    routeMatched: c.routeMatched,
    _matchedRoute: c._matchedRoute,
    _matchedRouteName: c._matchedRouteName,
    captures: c.captures,
    params: c.params,
    requestParams: c.request.params,
    routerPath: c.routerPath,
    routerName: c.routerName,
  };
}

function routerWithMcp(seen: Seen[]): Router {
  const router = new Router();
  const handler: Middleware = (ctx) => {
    seen.push({ ...marks(ctx), isThisRouter: (ctx as unknown as { router: Router }).router === router });
    ctx.body = { method: ctx.method, path: ctx.path };
  };
  router.post('/mcp', handler);
  router.get('/mcp', handler);
  router.delete('/mcp', handler);
  return router;
}

/** A real Koa server on 127.0.0.1 serving `router` through `middleware`. */
async function serve(middleware: Middleware, requests: { method: string; path: string }[]) {
  const app = new Koa();
  app.use(middleware);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const answers: { status: number; allow: string | null; body: string }[] = [];
    for (const { method, path } of requests) {
      const response = await fetch(`${base}${path}`, { method });
      answers.push({ status: response.status, allow: response.headers.get('allow'), body: await response.text() });
    }
    return answers;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const REQUESTS = [
  { method: 'POST', path: '/mcp' },
  { method: 'POST', path: '/mcp' },
  { method: 'GET', path: '/mcp' },
  { method: 'DELETE', path: '/mcp' },
  { method: 'PUT', path: '/mcp' },
  { method: 'POST', path: '/MCP' },
  { method: 'POST', path: '/mcp/' },
  { method: 'POST', path: '/mcp?x=1' },
  { method: 'POST', path: '/elsewhere' },
  { method: 'OPTIONS', path: '/mcp' },
];

describe('RouteTable (the router dispatch remembered per path)', () => {
  it('answers every request, and marks the context, exactly as @koa/router does', async () => {
    const viaRouterSeen: Seen[] = [];
    const plain = routerWithMcp(viaRouterSeen);
    const allowed = plain.allowedMethods() as unknown as Middleware;
    const routes = plain.routes() as unknown as Middleware;
    const viaRouter = await serve((ctx, next) => allowed(ctx, () => routes(ctx, next)), REQUESTS);

    const viaTableSeen: Seen[] = [];
    const router = routerWithMcp(viaTableSeen);
    const table = new RouteTable(router, router.allowedMethods() as unknown as Middleware);
    const viaTable = await serve((ctx, next) => table.run(ctx, next), REQUESTS);

    expect(viaTable).toEqual(viaRouter);
    expect(viaTableSeen).toEqual(viaRouterSeen);
    // The 405 and its Allow header still come from the router.
    expect(viaTable[4]).toMatchObject({ status: 405, allow: 'POST, HEAD, GET, DELETE' });
    expect(viaTableSeen[0]).toMatchObject({
      routeMatched: true,
      matched: ['/mcp', '/mcp', '/mcp'],
      isThisRouter: true,
    });
  });

  it('matches a repeated plain path once, not on every request', async () => {
    const router = routerWithMcp([]);
    const table = new RouteTable(router, router.allowedMethods() as unknown as Middleware);
    const match = jest.spyOn(router, 'match');
    const answers = await serve(
      (ctx, next) => table.run(ctx, next),
      Array.from({ length: 5 }, () => ({ method: 'POST', path: '/mcp' })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(match).toHaveBeenCalledTimes(1);
  });

  it('lets a request no route of a router without allowedMethods takes pass, marked as the router marks it', async () => {
    const probes = new Router();
    probes.get('/healthz', (ctx) => {
      ctx.body = 'ok';
    });
    const table = new RouteTable(probes);
    const seen: Seen[] = [];
    const answers = await serve(
      (ctx, next) => {
        if (table.passes(ctx)) {
          seen.push({ ...marks(ctx), passed: true });
          ctx.body = 'passed';
          return next();
        }
        return table.run(ctx, next);
      },
      [
        { method: 'POST', path: '/mcp' },
        { method: 'GET', path: '/healthz' },
        { method: 'HEAD', path: '/HEALTHZ' },
      ],
    );
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [200, 'passed'],
      [200, 'ok'],
      [200, ''],
    ]);
    expect(seen).toEqual([expect.objectContaining({ matched: [], routeMatched: false, passed: true })]);
  });

  it('sees routes added after its first request', async () => {
    const router = new Router();
    const table = new RouteTable(router, router.allowedMethods() as unknown as Middleware);
    const app: Middleware = (ctx, next) => table.run(ctx, next);
    const before = await serve(app, [{ method: 'POST', path: '/late' }]);
    router.post('/late', (ctx) => {
      ctx.body = 'late';
    });
    const after = await serve(app, [{ method: 'POST', path: '/late' }]);
    expect(before[0].status).toBe(404);
    expect(after[0]).toMatchObject({ status: 200, body: 'late' });
  });
});
