import { EventEmitter } from 'node:events';
import { MemoryEventStore } from '../../../src';
import type { JsonRpcMessage } from '../../../src/core/protocol/json-rpc';
import type { EventId } from '../../../src/core/stores/event-store';

/**
 * The in-memory event store, telling the test what it logs and forgets, so a test waits for the
 * server to have done it rather than for time to pass.
 */
export class WatchedEventStore extends MemoryEventStore {
  readonly events = new EventEmitter();

  override async append(streamId: string, message: JsonRpcMessage): Promise<EventId> {
    const id = await super.append(streamId, message);
    this.events.emit('appended', message);
    return id;
  }

  override async forget(streamIds: readonly string[]): Promise<void> {
    await super.forget(streamIds);
    this.events.emit('forgotten', streamIds);
  }

  /** Resolves once the answer to request `id` has been logged (call it before the request). */
  answerLogged(id: string | number): Promise<void> {
    return this.until(
      'appended',
      (message: JsonRpcMessage) => 'id' in message && message.id === id && !('method' in message),
    );
  }

  /** Resolves once `count` sessions' streams have been forgotten (call it before they end). */
  forgotten(count: number): Promise<void> {
    let seen = 0;
    return this.until('forgotten', () => ++seen === count);
  }

  private until<T>(event: string, done: (value: T) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const listener = (value: T) => {
        if (!done(value)) return;
        this.events.off(event, listener);
        resolve();
      };
      this.events.on(event, listener);
    });
  }
}
