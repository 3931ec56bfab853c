import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logging/logger';
import type { LivenessOptions } from '../../core/stores/instance-registry';
import type { StateStores } from '../../core/stores/state-stores';
import { StateUnavailableError } from '../../core/stores/state-unavailable';
import { connectRedis, createRedisClient, guarded, type RedisConnectionOptions } from './redis-connection';
import { RedisCounterStore } from './redis-counter-store';
import { RedisEventStore, type RedisEventStoreOptions } from './redis-event-store';
import { RedisInstanceRegistry } from './redis-instance-registry';
import { RedisMessageBus } from './redis-message-bus';
import { RedisSessionStore } from './redis-session-store';
import { RedisTaskStore } from './redis-task-store';

export interface RedisStateOptions extends RedisConnectionOptions, LivenessOptions {
  /** Put before every key and the bus channel, so several applications can share one Redis (default `armature:`). */
  prefix?: string;
  events?: RedisEventStoreOptions;
  now?: () => number;
}

/**
 * Every store on one Redis: two connections, one for commands (pipelined) and one listening to
 * the bus. Instances configured with the same Redis and prefix act as one server.
 */
export class RedisState implements StateStores {
  readonly kind = 'redis';

  private constructor(
    readonly sessions: RedisSessionStore,
    readonly events: RedisEventStore,
    readonly bus: RedisMessageBus,
    readonly tasks: RedisTaskStore,
    readonly counters: RedisCounterStore,
    readonly instances: RedisInstanceRegistry,
    private readonly connections: Redis[],
  ) {}

  /** Connects (failing start-up clearly when Redis cannot be reached) and subscribes to the bus. */
  static async connect(options: RedisStateOptions, logger: Logger): Promise<RedisState> {
    const prefix = options.prefix ?? 'armature:';
    const client = createRedisClient(options, logger, 'state');
    const subscriber = createRedisClient(options, logger, 'bus');
    try {
      await connectRedis(client, options.url);
      await connectRedis(subscriber, options.url);
      const bus = new RedisMessageBus(client, subscriber, prefix, logger);
      await bus.start();
      const instances = new RedisInstanceRegistry(client, prefix, logger, options);
      await instances.start();
      return new RedisState(
        new RedisSessionStore(client, prefix),
        new RedisEventStore(client, prefix, options.events),
        bus,
        new RedisTaskStore(client, prefix, options.now),
        new RedisCounterStore(client, prefix),
        instances,
        [client, subscriber],
      );
    } catch (error) {
      client.disconnect();
      subscriber.disconnect();
      throw error;
    }
  }

  /**
   * PINGs both connections (commands and bus) at once. Neither queues while disconnected, so an
   * outage answers at once; a Redis that accepts but does not answer is cut off at `timeoutMs`.
   */
  async ping(timeoutMs: number): Promise<void> {
    const roles = ['state', 'bus'];
    this.connections.forEach((connection, index) => {
      if (connection.status !== 'ready') {
        throw new StateUnavailableError('Redis', `the ${roles[index]} connection is ${connection.status}`);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no PONG within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await guarded(Promise.race([Promise.all(this.connections.map((connection) => connection.ping())), late]));
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    // Deregistered first, while Redis is reachable: the others see this instance gone at once.
    await this.instances.stop();
    this.bus.stop();
    await Promise.all(
      this.connections.map((connection) =>
        connection.status === 'ready' ? connection.quit().then(() => undefined) : connection.disconnect(),
      ),
    );
  }
}
