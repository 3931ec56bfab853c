import type { StateStores } from '../../core/stores/state-stores';
import { MemoryCounterStore } from './memory-counter-store';
import { MemoryEventStore, type MemoryEventStoreOptions } from './memory-event-store';
import { MemoryInstanceRegistry } from './memory-instance-registry';
import { MemoryMessageBus } from './memory-message-bus';
import { MemorySessionStore } from './memory-session-store';
import { MemoryTaskStore } from './memory-task-store';

/** The default: every store in this process. Right for one instance; several need Redis. */
export function memoryState(options: { events?: MemoryEventStoreOptions; now?: () => number } = {}): StateStores {
  const instances = new MemoryInstanceRegistry(options.now);
  return {
    kind: 'memory',
    sessions: new MemorySessionStore(options.now),
    events: new MemoryEventStore(options.events),
    bus: new MemoryMessageBus(),
    tasks: new MemoryTaskStore({ now: options.now }),
    counters: new MemoryCounterStore(options.now),
    instances,
    // Process memory is reachable as long as the process answers at all.
    ping: async () => undefined,
    close: () => instances.stop(),
  };
}
