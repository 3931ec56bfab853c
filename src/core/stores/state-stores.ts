import type { CounterStore } from './counter-store';
import type { EventStore } from './event-store';
import type { InstanceRegistry } from './instance-registry';
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
  /** Which instances live and what each holds, so one can answer for a dead one's streams. */
  readonly instances: InstanceRegistry;
  /**
   * A cheap reachability check for readiness probes: resolves when the state can be used now,
   * rejects with a StateUnavailableError saying why otherwise, within `timeoutMs`.
   */
  ping(timeoutMs: number): Promise<void>;
  /** Releases connections and timers; the stores must not be used afterwards. */
  close(): Promise<void>;
}
