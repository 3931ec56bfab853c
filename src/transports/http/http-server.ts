import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa, { type Context, type Middleware, type Next } from 'koa';
import compose from 'koa-compose';
import { bearerAuth } from '../../auth/bearer-auth';
import { metadataPaths, protectedResourceMetadata } from '../../auth/protected-resource';
import type { Logger } from '../../core/logging/logger';
import type { ErrorFunnel } from '../../core/protocol/error-funnel';
import { OwedAnswers } from '../owed-answers';
import { isDisconnect, isMalformedHttp } from './client-gone';
import { HttpError } from './http-error';
import { HTTP_DEFAULTS, type HttpOptions } from './http-options';
import { ListenError } from './listen-error';
import { cors } from './middleware/cors';
import { errorAnswer } from './middleware/error-envelope';
import { hostOriginCheck } from './middleware/host-origin';
import { probeRoutes } from './probes';
import { RouteTable } from './route-table';
import { SseStream, type SseStreamOptions } from './sse-stream';

/** What comes after Armature's request path on its own paths: nothing of the user's. */
const ENDS_HERE = async () => undefined;

/** A `node:http` request listener; Express passes `next`, called for the requests Armature does not serve. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * Armature's HTTP request path, built in one place: the security middlewares, `/healthz` and
 * `/readyz`, the draining gate, bearer auth and the transport's routes (a transport adds them to
 * `router`). Three thin ways serve it: `listen()` on a server of its own, `koa()` as middleware
 * in the user's Koa app, `handler()` as a `node:http` request listener. Shutdown drains it the
 * same way in all three, and closes the socket only when it is its own.
 */
export class HttpServer {
  readonly router = new Router();
  readonly host: string;
  /** The answers still to be written, which shutdown waits for. */
  readonly owed = new OwedAnswers();
  private readonly streams = new Set<SseStream>();
  private streamOptions?: SseStreamOptions;
  private readonly probes: Router;
  private readonly hostOrigin: (ctx: Context) => void;
  private auth?: Middleware;
  private requestPath?: Middleware;
  private server?: Server;
  private serving?: 'listening' | 'mounted';
  private accepting = true;
  /** Counts open streams in the engine's telemetry, once a transport starts. */
  streamGauge?: { streamOpened(): () => void };
  /** The engine's error funnel, once a transport starts: it masks what the error envelope answers 500. */
  errors?: ErrorFunnel;

  constructor(
    readonly options: HttpOptions,
    private readonly logger: Logger,
  ) {
    this.host = options.host ?? HTTP_DEFAULTS.host;
    this.hostOrigin = hostOriginCheck({
      host: this.host,
      allowedHosts: options.allowedHosts,
      allowedOrigins: options.allowedOrigins,
    });
    this.probes = probeRoutes(
      { healthPath: this.healthPath, readyPath: this.readyPath },
      { refusal: () => this.refusal(), checkState: options.checkState },
    );
  }

  get maxBodyBytes(): number {
    return this.options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes;
  }

  get healthPath(): string {
    return this.options.healthPath ?? HTTP_DEFAULTS.healthPath;
  }

  get readyPath(): string {
    return this.options.readyPath ?? HTTP_DEFAULTS.readyPath;
  }

  /**
   * Puts the endpoint behind bearer-token authentication, when configured: a token on every MCP
   * request, and the protected-resource metadata that tells clients where to get one.
   */
  protect(endpointPath: string): void {
    const auth = this.options.auth;
    if (!auth) return;
    this.auth = bearerAuth(auth, endpointPath);
    for (const path of metadataPaths(endpointPath)) {
      this.router.get(path, (ctx) => {
        ctx.body = protectedResourceMetadata(ctx, auth, endpointPath);
      });
    }
  }

  /**
   * Opens `ctx`'s response as an SSE stream with this server's keep-alive and backlog limit, and
   * remembers it, so shutdown can end it.
   */
  openStream(ctx: Context, headers?: Record<string, string>): SseStream {
    this.streamOptions ??= this.sseStreamOptions();
    return this.track(new SseStream(ctx, this.streamOptions, headers));
  }

  /** What every stream of this server shares: made once, not per answer. */
  private sseStreamOptions(): SseStreamOptions {
    const limit = this.options.maxStreamBacklogBytes ?? HTTP_DEFAULTS.maxStreamBacklogBytes;
    return {
      keepAliveMs: this.options.keepAliveMs ?? HTTP_DEFAULTS.keepAliveMs,
      maxBacklogBytes: limit > 0 ? limit : undefined,
      onStalled: (waiting, req) =>
        this.logger.warn(
          'closed an SSE stream of %s %s: its client read nothing while %d bytes waited (maxStreamBacklogBytes %d); a resumable client resumes with Last-Event-ID',
          req.method,
          req.url,
          waiting,
          limit,
        ),
    };
  }

  /** Remembers an open stream, so shutdown can end it. */
  private track(stream: SseStream): SseStream {
    this.streams.add(stream);
    const closed = this.streamGauge?.streamOpened();
    stream.onClose(() => {
      this.streams.delete(stream);
      closed?.();
    });
    return stream;
  }

  /** Serves on a server of its own, with `options.middleware` (the user's routes) beside MCP. */
  async listen(): Promise<void> {
    const server = createServer(this.ownApp(this.options.middleware ?? []).callback());
    this.server = server;
    const port = this.options.port ?? HTTP_DEFAULTS.port;
    await new Promise<void>((resolve, reject) => {
      const refuse = (error: NodeJS.ErrnoException) => reject(new ListenError(this.host, port, error.code, error));
      server.once('error', refuse);
      server.listen(port, this.host, () => {
        server.off('error', refuse);
        this.serving = 'listening';
        resolve();
      });
    });
  }

  /**
   * Koa middleware for the user's app: it serves the MCP endpoint(s) and the probes, and passes
   * every other request on. What the user's middleware put in `ctx.state.auth` is the principal.
   */
  koa(): Middleware {
    const requestPath = this.build();
    this.serving = 'mounted';
    return (ctx, next) => (this.serves(ctx.path, ctx.method) ? requestPath(ctx, ENDS_HERE) : next());
  }

  /** A `node:http` request listener (or Express middleware) serving the same request path. */
  handler(): NodeHandler {
    const callback = this.ownApp([]).callback();
    this.serving = 'mounted';
    return (req, res, next) => {
      if (next && !this.serves(pathOf(req.url), req.method ?? 'GET')) return next();
      void callback(req, res);
    };
  }

  address(): AddressInfo {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('The HTTP server is not listening');
    return address;
  }

  /** The base URL, e.g. `http://127.0.0.1:41234`. */
  get origin(): string {
    const { address, port } = this.address();
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /**
   * Stops accepting requests (readiness turns 503 at once), lets the transport `drain` (finish and
   * write what it owes, end its sessions), then ends the streams left and, when the server is its
   * own, closes the socket. A mounted request path leaves the user's server open.
   */
  async close(drain: () => Promise<void>): Promise<void> {
    this.accepting = false;
    const server = this.server;
    const stopped = server && new Promise<void>((resolve) => server.close(() => resolve()));
    await drain();
    for (const stream of [...this.streams]) stream.end();
    if (!server) return;
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 1000);
    force.unref();
    await stopped;
    clearTimeout(force);
    this.logger.debug('HTTP server closed');
  }

  /** Why new work is refused now, for the gate and the readiness probe. */
  private refusal(): string | undefined {
    if (!this.accepting) return 'draining: the server is shutting down';
    if (!this.serving) return 'not started: the application is neither listening nor mounted';
    return undefined;
  }

  /** Whether a request is Armature's: a path of the transport's routes or of the probes. */
  private serves(path: string, method: string): boolean {
    return this.router.match(path, method).path.length > 0 || this.probes.match(path, method).path.length > 0;
  }

  /**
   * The request path, made once; every way of serving runs exactly this. In order: the error
   * envelope (around all of it), the Host/Origin check, the probes, the draining gate, CORS,
   * bearer auth, then the transport's routes (and the router's 405/501). One async function runs
   * the steps that need no `next` in line, so a request pays for one promise there rather than one
   * per middleware; the routers' matching is remembered per path (`RouteTable`).
   */
  private build(): Middleware {
    if (this.requestPath) return this.requestPath;
    this.checkProbePaths();
    const answerError = errorAnswer(this.logger, () => this.errors);
    const hostOrigin = this.hostOrigin;
    const probes = new RouteTable(this.probes);
    const routes = new RouteTable(this.router, this.router.allowedMethods() as unknown as Middleware);
    const route: Middleware = (ctx, next) => routes.run(ctx, next);
    const guards = [...(this.options.cors ? [cors(this.options.cors)] : []), ...(this.auth ? [this.auth] : [])];
    const afterGate = guards.length > 0 ? (compose([...guards, route]) as Middleware) : route;
    const gate = (ctx: Context, next: Next): Promise<unknown> => {
      if (!this.accepting) {
        HttpError.unavailable('The server is shutting down', { Connection: 'close' }).answer(ctx);
        return Promise.resolve();
      }
      return afterGate(ctx, next) as Promise<unknown>;
    };
    this.requestPath = async (ctx, next) => {
      try {
        hostOrigin(ctx);
        if (probes.passes(ctx)) await gate(ctx, next);
        else await probes.run(ctx, () => gate(ctx, next));
      } catch (error) {
        answerError(ctx, error);
      }
    };
    return this.requestPath;
  }

  /**
   * The Koa app of the server Armature owns (listen) or hands out (handler). The user's routes run
   * after the same Host/Origin check as MCP, and are theirs: MCP's error envelope and bearer auth
   * stay on the MCP paths.
   */
  private ownApp(middleware: Middleware[]): Koa {
    const app = new Koa();
    app.proxy = this.options.trustProxy ?? false;
    app.on('error', (error: NodeJS.ErrnoException) => {
      if (isDisconnect(error)) return;
      // What a client sent was not HTTP, or it left mid-request: its fault, and Node has answered it.
      if (isMalformedHttp(error))
        return this.logger.debug('a client sent an incomplete or malformed HTTP request (%s)', error.code);
      this.logger.error('HTTP server error: %s', error.stack ?? error.message);
    });
    const requestPath = this.build();
    if (middleware.length === 0) {
      app.use(requestPath);
      return app;
    }
    app.use(async (ctx, next) => {
      try {
        this.hostOrigin(ctx);
      } catch (error) {
        if (error instanceof HttpError) return error.answer(ctx);
        throw error;
      }
      await next();
    });
    for (const item of middleware) app.use(item);
    app.use((ctx, next) => (this.serves(ctx.path, ctx.method) ? requestPath(ctx, ENDS_HERE) : next()));
    return app;
  }

  private checkProbePaths(): void {
    const problems: string[] = [];
    for (const [name, path] of [
      ['healthPath', this.healthPath],
      ['readyPath', this.readyPath],
    ] as const) {
      if (!path.startsWith('/')) problems.push(`${name} "${path}" must start with "/"`);
      else if (this.router.match(path, 'GET').path.length > 0) {
        problems.push(`${name} "${path}" is also an MCP path; choose another`);
      }
    }
    if (this.healthPath === this.readyPath) problems.push(`healthPath and readyPath are both "${this.healthPath}"`);
    if (problems.length) throw new Error(`Invalid HTTP options: ${problems.join('; ')}`);
  }
}

function pathOf(url = '/'): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
