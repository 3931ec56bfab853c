/**
 * What the engine publishes for clients that are not the one asking: list changes and resource
 * updates. Sessions and `subscriptions/listen` streams subscribe here. In-memory by default; a
 * shared implementation (Redis) lets several instances act as one server.
 */
export type BusEvent =
  | { type: 'list_changed'; list: 'tools' | 'prompts' | 'resources' }
  | { type: 'resource_updated'; uri: string }
  | { type: 'elicitation_complete'; elicitationId: string }
  /** A stateless-era task changed; `detail` is what tasks/get would return now. */
  | { type: 'task_status'; owner: string; detail: Record<string, unknown> }
  /**
   * A notification a stateless-era task sent (progress, log) after its creating request was
   * answered: it reaches the client through a `subscriptions/listen` that asked for the task.
   */
  | { type: 'task_message'; owner: string; taskId: string; method: string; params: Record<string, unknown> };

export interface MessageBus {
  publish(event: BusEvent): void;
  /** Returns the function that ends the subscription. */
  subscribe(listener: (event: BusEvent) => void): () => void;
}
