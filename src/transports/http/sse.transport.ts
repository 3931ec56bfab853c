import type { Logger } from '../../core/logging/logger';
import type { McpEngine } from '../../protocol/engine';
import type { MountableTransport } from '../transport';
import type { SseOptions } from './http-options';
import { HttpServer } from './http-server';
import { LegacySse } from './legacy-sse';

/** Legacy HTTP+SSE (2024-11-05) on its own: `GET /sse` and `POST /messages?sessionId=`. */
export class SseTransport implements MountableTransport {
  readonly kind = 'sse';
  readonly ended = new Promise<void>(() => undefined);
  private readonly http: HttpServer;
  private readonly legacy: LegacySse;

  constructor(
    private readonly logger: Logger,
    options: SseOptions = {},
  ) {
    this.http = new HttpServer(options, logger);
    this.http.protect(options.ssePath ?? '/sse');
    this.legacy = new LegacySse(this.http, logger, options);
  }

  async start(engine: McpEngine): Promise<void> {
    this.mount(engine);
    await this.http.listen();
    this.logger.info('serving MCP over legacy SSE at %s', this.url);
    this.http.options.onListening?.(this.url);
  }

  /** Gives the routes their engine; the caller serves them (listen, or inside the user's server). */
  mount(engine: McpEngine): HttpServer {
    this.legacy.mount(engine);
    this.http.streamGauge = engine.telemetry;
    this.http.errors = engine.errors;
    return this.http;
  }

  /** The stream's URL, e.g. `http://127.0.0.1:41234/sse`. */
  get url(): string {
    return `${this.http.origin}${(this.http.options as SseOptions).ssePath ?? '/sse'}`;
  }

  address() {
    return this.http.address();
  }

  async close(deadlineMs: number): Promise<void> {
    await this.http.close(async () => {
      await this.http.owed.drain(deadlineMs);
      await this.legacy.closeAll('the server is shutting down');
    });
  }
}
