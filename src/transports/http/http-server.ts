import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { bearerAuth } from '../../auth/bearer-auth';
import { metadataPaths, protectedResourceMetadata } from '../../auth/protected-resource';
import type { Logger } from '../../core/logging/logger';
import { OwedAnswers } from '../owed-answers';
import { HTTP_DEFAULTS, type HttpOptions } from './http-options';
import { ListenError } from './listen-error';
import { cors } from './middleware/cors';
import { errorEnvelope } from './middleware/error-envelope';
import { hostOriginGuard } from './middleware/host-origin';
import type { SseStream } from './sse-stream';

const DISCONNECT_CODES = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * The Koa application both HTTP transports stand on: the security middlewares, `/healthz`, the
 * listening socket and graceful shutdown. A transport adds its routes to `router`.
 */
export class HttpServer {
  readonly app = new Koa();
  readonly router = new Router();
  readonly host: string;
  private readonly streams = new Set<SseStream>();
  private server?: Server;
  private accepting = true;
  /** The answers still to be written, which shutdown waits for. */
  readonly owed = new OwedAnswers();

  constructor(
    readonly options: HttpOptions,
    private readonly logger: Logger,
  ) {
    this.host = options.host ?? HTTP_DEFAULTS.host;
    this.app.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code && DISCONNECT_CODES.has(error.code)) return;
      logger.error('HTTP server error: %s', error.stack ?? error.message);
    });
    this.app.use(errorEnvelope(logger));
    this.app.use(async (ctx, next) => {
      if (!this.accepting) {
        ctx.set('Connection', 'close');
        ctx.status = 503;
        ctx.body = { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'The server is shutting down' } };
        return;
      }
      await next();
    });
    this.app.use(
      hostOriginGuard({ host: this.host, allowedHosts: options.allowedHosts, allowedOrigins: options.allowedOrigins }),
    );
    if (options.cors) this.app.use(cors(options.cors));
    this.router.get('/healthz', (ctx) => {
      ctx.body = { status: 'ok' };
    });
  }

  get keepAliveMs(): number {
    return this.options.keepAliveMs ?? HTTP_DEFAULTS.keepAliveMs;
  }

  get maxBodyBytes(): number {
    return this.options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes;
  }

  /**
   * Puts the endpoint behind bearer-token authentication, when configured: a token on every MCP
   * request, and the protected-resource metadata that tells clients where to get one.
   */
  protect(endpointPath: string): void {
    const auth = this.options.auth;
    if (!auth) return;
    this.app.use(bearerAuth(auth, endpointPath));
    for (const path of metadataPaths(endpointPath)) {
      this.router.get(path, (ctx) => {
        ctx.body = protectedResourceMetadata(ctx, auth, endpointPath);
      });
    }
  }

  /** Remembers an open stream, so shutdown can end it. */
  track(stream: SseStream): SseStream {
    this.streams.add(stream);
    stream.onClose(() => this.streams.delete(stream));
    return stream;
  }

  async listen(): Promise<void> {
    this.app.use(this.router.routes());
    this.app.use(this.router.allowedMethods());
    const server = createServer(this.app.callback());
    this.server = server;
    const port = this.options.port ?? HTTP_DEFAULTS.port;
    await new Promise<void>((resolve, reject) => {
      const refuse = (error: NodeJS.ErrnoException) => reject(new ListenError(this.host, port, error.code, error));
      server.once('error', refuse);
      server.listen(port, this.host, () => {
        server.off('error', refuse);
        resolve();
      });
    });
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
   * Stops accepting requests, lets the transport `drain` (finish and write what it owes, end its
   * sessions), then ends the streams left and closes the socket.
   */
  async close(drain: () => Promise<void>): Promise<void> {
    this.accepting = false;
    const server = this.server;
    if (!server) return;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await drain();
    for (const stream of [...this.streams]) stream.end();
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 1000);
    force.unref();
    await stopped;
    clearTimeout(force);
    this.logger.debug('HTTP server closed');
  }
}
