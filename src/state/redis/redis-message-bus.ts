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
 * lost (and logged), which is why nothing durable travels only on the bus; and an event published
 * while this instance's own connection is down never reaches it, which `hearing()` tells.
 */
export class RedisMessageBus implements MessageBus {
  readonly instanceId = randomUUID();
  readonly shared = true;
  private readonly listeners = new Set<(event: BusEvent) => void>();
  private readonly channel: string;
  private stopped = false;
  private started = false;
  /** The current stretch of unbroken listening (see `hearing`); undefined while the subscription is not in place. */
  private stretch?: number;
  private stretches = 0;

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
    subscriber.on('close', () => {
      this.stretch = undefined;
    });
    subscriber.on('ready', () => {
      if (this.started) void this.listenAgain();
    });
  }

  /** Resolves once this instance hears the others (ioredis subscribes again after each reconnection). */
  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
    this.started = true;
    this.stretch = ++this.stretches;
  }

  publish(event: BusEvent): void {
    this.publishConfirmed(event).catch((error: Error) => {
      this.logger.warn('a %s event did not reach the other instances: %s', event.type, error.message);
    });
  }

  async publishConfirmed(event: BusEvent): Promise<void> {
    this.fanOut(event);
    if (this.stopped) return;
    const envelope: Envelope = { from: this.instanceId, event };
    await this.publisher.publish(this.channel, JSON.stringify(envelope));
  }

  hearing(): number | undefined {
    return this.stretch;
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

  /**
   * After a reconnection ioredis subscribes again on its own; the same SUBSCRIBE sent after it is
   * answered once that one is, so from then on nothing published is missed: a new stretch begins.
   */
  private async listenAgain(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      if (this.subscriber.status === 'ready') this.stretch = ++this.stretches;
    } catch (error) {
      this.logger.warn('could not listen to the bus again: %s', (error as Error).message);
    }
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
