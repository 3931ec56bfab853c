import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Logger } from '../../../src/core/logging/logger';
import { RedisState, type RedisStateOptions } from '../../../src/state/redis';

/** The Redis every machine runs (CI included); another one can be named for a local run. */
export const REDIS_URL = process.env.ARMATURE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const quiet = () => new Logger('test', 'silent');

/**
 * A key space of its own for one test file, so runs never see each other's keys, and a plain
 * client to look at what the stores wrote. `cleanup()` deletes every key under the prefix.
 */
export function redisSandbox() {
  const prefix = `armature-test:${randomUUID()}:`;
  const raw = new Redis(REDIS_URL, { lazyConnect: true });
  const states: RedisState[] = [];
  return {
    prefix,
    raw,
    /** A fresh set of stores on this sandbox's prefix, as one application instance would open it. */
    async state(options: Partial<RedisStateOptions> = {}): Promise<RedisState> {
      const state = await RedisState.connect({ url: REDIS_URL, prefix, ...options }, quiet());
      states.push(state);
      return state;
    },
    async cleanup(): Promise<void> {
      await Promise.all(states.map((state) => state.close()));
      if (raw.status === 'wait') await raw.connect();
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length) await raw.del(...keys);
      raw.disconnect();
    },
  };
}
