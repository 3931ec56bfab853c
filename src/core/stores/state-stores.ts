import type { CounterStore } from './counter-store';
import type { EventStore } from './event-store';
import type { MessageBus } from './message-bus';
import type { SessionStore } from './session-store';
import type { TaskStore } from './task-store';

/** Everything an application keeps outside one request, from one backend: memory or Redis. */
export interface StateStores {
  readonly kind: 'memory' | 'redis';
  readonly sessions: SessionStore;
  readonly events: EventStore;
  readonly bus: MessageBus;
  readonly tasks: TaskStore;
  /** Rate-limit windows. */
  readonly counters: CounterStore;
  /** Releases connections and timers; the stores must not be used afterwards. */
  close(): Promise<void>;
}
