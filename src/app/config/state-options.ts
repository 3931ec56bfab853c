/** Where state lives, as given in code (`McpApplication.create(S, { state })`) or configuration. */
export interface StateOptions {
  type?: 'memory' | 'redis';
  /** `redis://host:port[/db]` or `rediss://` (default redis://127.0.0.1:6379). */
  url?: string;
  /** Put before every Redis key and the bus channel (default `armature:`). */
  prefix?: string;
  /** How often each instance renews its heartbeat in Redis, in ms (default 1000). */
  heartbeatMs?: number;
  /**
   * How long an instance may go without a heartbeat before the others count it dead, in ms (default
   * 5000): they then answer its clients' resumed streams with an error saying to retry.
   */
  instanceTtlMs?: number;
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
  heartbeatMs?: number;
  instanceTtlMs?: number;
  redis?: Record<string, unknown>;
  /** The secret (or 32 raw bytes) sealing MRTR request state; random per process when absent (memory only). */
  stateKey?: string | Buffer;
}
