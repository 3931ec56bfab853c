import type { JsonObject } from '../core/protocol/json-rpc';
import { META } from '../core/protocol/meta-keys';
import type { BusEvent } from '../core/stores/message-bus';
import { RELATED_TASK } from '../tasks/task';
import { type Call, type MethodSpec, STATELESS_ONLY } from './method';

interface Filter {
  taskIds?: string[];
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

export const subscriptionMethods: Record<string, MethodSpec> = {
  /**
   * 2026-07-28's replacement for the GET stream and resources/subscribe: a request that stays open,
   * acknowledges what it will deliver, then carries the matching notifications, each tagged with
   * the subscription id, until the client cancels it or the server shuts down.
   */
  'subscriptions/listen': {
    eras: STATELESS_ONLY,
    run: (call) => listen(call),
  },
};

async function listen(call: Call): Promise<JsonObject> {
  const { params, exchange, bus, registry, capabilities } = call;
  const subscriptionId = exchange.requestId;
  const tag = (extra: JsonObject = {}): JsonObject => ({ ...extra, _meta: { [META.subscriptionId]: subscriptionId } });
  const honored = honor((params.notifications ?? {}) as Filter, capabilities, (uri) => !!registry.findResource(uri));
  const uris = new Set(honored.resourceSubscriptions ?? []);
  const requested = (params.notifications ?? {}) as Filter;
  // Whose task events this caller may hear of; asking for task events checks the client can take them.
  let owner: string | undefined;
  if (Array.isArray(requested.taskIds) && capabilities.tasks && call.tasks?.notificationOwner) {
    owner = call.tasks.notificationOwner(call);
    honored.taskIds = requested.taskIds.filter((id) => typeof id === 'string');
  }
  const taskIds = new Set(honored.taskIds ?? []);
  exchange.notify('notifications/subscriptions/acknowledged', { ...tag(), notifications: honored as JsonObject });
  const unsubscribe = bus.subscribe((event: BusEvent) => {
    if (event.type === 'task_status') {
      if (event.owner === owner && taskIds.has(String(event.detail.taskId))) {
        exchange.notify('notifications/tasks', tag(event.detail as JsonObject));
      }
      return;
    }
    if (event.type === 'task_message') {
      if (event.owner === owner && taskIds.has(event.taskId)) {
        const meta = { ...(event.params._meta as JsonObject | undefined), [RELATED_TASK]: { taskId: event.taskId } };
        exchange.notify(event.method, { ...tag(event.params), _meta: { ...meta, ...(tag()._meta as JsonObject) } });
      }
      return;
    }
    if (event.type === 'resource_updated') {
      if (uris.has(event.uri)) exchange.notify('notifications/resources/updated', tag({ uri: event.uri }));
      return;
    }
    if (event.type !== 'list_changed') return;
    const wanted = {
      tools: honored.toolsListChanged,
      prompts: honored.promptsListChanged,
      resources: honored.resourcesListChanged,
    };
    if (wanted[event.list]) exchange.notify(`notifications/${event.list}/list_changed`, tag());
  });
  try {
    await new Promise<void>((resolve) => {
      if (exchange.signal.aborted) resolve();
      exchange.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    unsubscribe();
  }
  return tag();
}

/** Only what the server can deliver is honored; the acknowledgement tells the client which. */
function honor(
  filter: Filter,
  capabilities: Record<string, Record<string, unknown>>,
  exists: (uri: string) => boolean,
): Filter {
  const honored: Filter = {};
  if (filter.toolsListChanged && capabilities.tools?.listChanged) honored.toolsListChanged = true;
  if (filter.promptsListChanged && capabilities.prompts?.listChanged) honored.promptsListChanged = true;
  if (filter.resourcesListChanged && capabilities.resources?.listChanged) honored.resourcesListChanged = true;
  if (Array.isArray(filter.resourceSubscriptions) && capabilities.resources?.subscribe) {
    honored.resourceSubscriptions = filter.resourceSubscriptions.filter(
      (uri) => typeof uri === 'string' && exists(uri),
    );
  }
  return honored;
}
