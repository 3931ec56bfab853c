/** Where state lives, as given in code (`McpApplication.create(S, { state })`) or configuration. */
export interface StateOptions {
  type?: 'memory' | 'redis';
  /** `redis://host:port[/db]` or `rediss://` (default redis://127.0.0.1:6379). */
  url?: string;
  /** Put before every Redis key and the bus channel (default `armature:`). */
  prefix?: string;
  /**
   * ioredis options, in code only: Sentinel (`sentinels`, `name`), TLS, credentials, timeouts.
   * Typed loosely here so that configuration does not load the Redis client.
   */
  redis?: Record<string, unknown>;
}

export interface ResolvedState {
  type: 'memory' | 'redis';
  /** Set when type is redis. */
  url?: string;
  prefix: string;
  redis?: Record<string, unknown>;
  /** The secret (or 32 raw bytes) sealing MRTR request state; random per process when absent (memory only). */
  stateKey?: string | Buffer;
}
