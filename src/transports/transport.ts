import type { McpEngine } from '../protocol/engine';

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
