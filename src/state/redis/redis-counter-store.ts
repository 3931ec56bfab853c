import type { Redis } from 'ioredis';
import type { CounterStore, WindowCount } from '../../core/stores/counter-store';
import { guarded } from './redis-connection';

/**
 * Fixed-window counters under `<prefix>counter:<key>`, shared by every instance, so a quota holds
 * across the load balancer. The first increment of a window sets its expiry (PEXPIRE NX); the key
 * disappears with its window.
 */
export class RedisCounterStore implements CounterStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    const name = `${this.prefix}counter:${key}`;
    const replies = await guarded(
      this.client.multi().incr(name).pexpire(name, windowMs, 'NX').pexpiretime(name).exec(),
    );
    const [[, count], , [, endsAt]] = replies as [Error | null, number][];
    // The window's end as Redis keeps it (PEXPIRETIME): the same for every increment of the window.
    return { count, resetAt: endsAt };
  }
}
