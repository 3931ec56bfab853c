import type { BusEvent, MessageBus } from '../../core/stores/message-bus';

/** One process's bus: synchronous fan-out to the current subscribers. */
export class MemoryMessageBus implements MessageBus {
  readonly shared = false;
  private readonly listeners = new Set<(event: BusEvent) => void>();

  publish(event: BusEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
