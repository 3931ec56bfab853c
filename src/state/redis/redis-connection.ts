import { Redis, type RedisOptions, ReplyError } from 'ioredis';
import type { Logger } from '../../core/logging/logger';
import { StateUnavailableError } from '../../core/stores/state-unavailable';

export interface RedisConnectionOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string;
  /**
   * Passed to ioredis as they are, after Armature's defaults: Sentinel (`sentinels`, `name`), TLS,
   * credentials, timeouts. They win over the defaults below.
   */
  redis?: RedisOptions;
}

/** How long a command may take before the request using it fails as unavailable. */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * A Redis client tuned for serving requests rather than for batch jobs: while Redis is unreachable a
 * command fails at once (no offline queue, no retries of in-flight commands), so the request gets a
 * clear error instead of hanging; ioredis keeps reconnecting with a capped exponential backoff, so
 * service resumes by itself. Concurrent commands of one tick travel as one pipeline (auto-pipelining).
 */
export function createRedisClient(options: RedisConnectionOptions, logger: Logger, role: string): Redis {
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    connectionName: `armature-${role}`,
    ...options.redis,
  });
  watchHealth(client, logger, `${role} connection to ${redact(options.url)}`);
  return client;
}

/** Connects, or fails start-up with the reason, naming where it tried (never the password). */
export async function connectRedis(client: Redis, url: string): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(
      `Cannot connect to Redis at ${redact(url)} (state.type is "redis"): ${(error as Error).message}. ` +
        'Start Redis or fix state.url / ARMATURE_REDIS_URL / --redis.',
    );
  }
}

/**
 * Runs one store operation: a refusal by Redis itself (a reply error) is a bug and stays as it is;
 * anything else (connection refused, closed, timed out) means the state cannot be reached now.
 */
export async function guarded<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw new StateUnavailableError('Redis', (error as Error).message);
  }
}

/** Logs an outage once when it starts and once when it ends, not on every reconnection attempt. */
function watchHealth(client: Redis, logger: Logger, what: string): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn('Redis %s failed: %s; reconnecting', what, error.message);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('Redis %s is back', what);
  });
}

export function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
