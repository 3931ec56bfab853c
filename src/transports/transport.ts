import type { McpEngine } from '../protocol/engine';
import type { HttpServer } from './http/http-server';

/** Carries bytes between clients and the engine. It knows nothing of tools, only of messages. */
export interface Transport {
  readonly kind: string;
  start(engine: McpEngine): Promise<void>;
  /** Stops taking new work, lets in-flight requests finish within the deadline, then closes. */
  close(deadlineMs: number): Promise<void>;
  /** Resolves when the transport ended by itself (stdin closed) rather than through `close()`. */
  readonly ended: Promise<void>;
  /** Where an HTTP transport serves, once listening (`http://127.0.0.1:PORT/mcp`). */
  readonly url?: string;
}

/** An HTTP transport can also be served inside a server the user owns, instead of listening. */
export interface MountableTransport extends Transport {
  /** Gives the routes their engine without listening; the result serves them (koa(), handler()). */
  mount(engine: McpEngine): HttpServer;
}
