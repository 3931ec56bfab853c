import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logging/logger';
import type { BusEvent, MessageBus } from '../../core/stores/message-bus';

interface Envelope {
  /** The instance that published the event; it has already handed it to its own listeners. */
  from: string;
  event: BusEvent;
}

/**
 * The bus on Redis pub/sub, one channel `<prefix>bus` for every instance. This instance's
 * listeners get its own events at once and in order (as with the memory bus); the others get them
 * through Redis. Pub/sub delivers at most once: an event published while Redis is unreachable is
 * lost (and logged), which is why nothing durable travels only on the bus.
 */
export class RedisMessageBus implements MessageBus {
  readonly instanceId = randomUUID();
  readonly shared = true;
  private readonly listeners = new Set<(event: BusEvent) => void>();
  private readonly channel: string;
  private stopped = false;

  /** `subscriber` is a connection of its own: a Redis connection in subscribe mode can do nothing else. */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}bus`;
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.receive(payload);
    });
  }

  /** Resolves once this instance hears the others (ioredis subscribes again after each reconnection). */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
  }

  publish(event: BusEvent): void {
    this.fanOut(event);
    if (this.stopped) return;
    const envelope: Envelope = { from: this.instanceId, event };
    this.publisher.publish(this.channel, JSON.stringify(envelope)).catch((error: Error) => {
      this.logger.warn('a %s event did not reach the other instances: %s', event.type, error.message);
    });
  }

  /** After this, events stay in this process (the application is closing its Redis connections). */
  stop(): void {
    this.stopped = true;
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private receive(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      this.logger.warn('ignored a bus message that is not JSON');
      return;
    }
    if (envelope.from !== this.instanceId && envelope.event) this.fanOut(envelope.event);
  }

  private fanOut(event: BusEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error('a bus listener failed on %s: %s', event.type, (error as Error).stack);
      }
    }
  }
}
