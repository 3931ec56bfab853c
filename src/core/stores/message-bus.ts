import type { JsonObject, JsonRpcId, JsonRpcMessage, JsonRpcResponse } from '../protocol/json-rpc';

/**
 * What instances tell each other. Every event is plain JSON: the in-memory bus hands it to this
 * process's listeners, a shared bus (Redis) to every instance's, so one instance can finish what a
 * client started on another.
 */
export type BusEvent =
  | { type: 'list_changed'; list: 'tools' | 'prompts' | 'resources' }
  | { type: 'resource_updated'; uri: string }
  /** A URL elicitation finished: the session that was sent the URL is told. */
  | { type: 'elicitation_complete'; elicitationId: string }
  /** A stateless-era task changed; `detail` is what tasks/get would return now. */
  | { type: 'task_status'; owner: string; detail: Record<string, unknown> }
  /**
   * A notification a stateless-era task sent (progress, log) after its creating request was
   * answered: it reaches the client through a `subscriptions/listen` that asked for the task.
   */
  | { type: 'task_message'; owner: string; taskId: string; method: string; params: Record<string, unknown> }
  /** A client answered a server-to-client request on an instance other than the one waiting for it. */
  | { type: 'client_response'; sessionId: string; response: JsonRpcResponse }
  /** `notifications/cancelled` for a request that may be running on another instance. */
  | { type: 'request_cancelled'; sessionId: string; requestId: JsonRpcId; reason?: string }
  /** `tasks/cancel` for a task that may be running on another instance. */
  | { type: 'task_cancel'; taskId: string; reason?: string }
  /** Answers to questions a running task asked, for the instance running it. */
  | { type: 'task_input'; taskId: string; responses: Record<string, JsonObject> }
  /** A message for a session's standalone GET stream, which another instance may hold. */
  | { type: 'session_message'; sessionId: string; message: JsonRpcMessage }
  /** A live event of a POST stream (already logged as `eventId`), for the instance the client resumed it on. */
  | { type: 'stream_event'; streamId: string; eventId: string; message: JsonRpcMessage }
  /** A POST stream's request was answered: whoever carries the stream ends it. */
  | { type: 'stream_end'; streamId: string }
  /**
   * A legacy SSE POST that reached an instance not holding the session's stream, for the one that
   * does; `principal` is the subject that sent it (a session answers only the one that opened it).
   */
  | {
      type: 'legacy_post';
      deliveryId: string;
      sessionId: string;
      principal?: string;
      frame: { kind: 'single'; message: JsonRpcMessage } | { kind: 'batch'; messages: JsonRpcMessage[] };
    }
  /** The instance holding the stream took the forwarded POST (`accepted`), or refused it as another principal's. */
  | { type: 'legacy_post_taken'; deliveryId: string; accepted: boolean }
  /** A session ended (deleted or expired): every instance drops its view of it. */
  | { type: 'session_ended'; sessionId: string; reason: string }
  /** A stored session changed (`SessionStore.update`): every instance reads it again before its view serves it. */
  | { type: 'session_changed'; sessionId: string };

export type BusEventType = BusEvent['type'];

export interface MessageBus {
  /** Whether other instances hear this bus (Redis); absent or false, it stays in this process. */
  readonly shared?: boolean;
  publish(event: BusEvent): void;
  /**
   * Publishes, and resolves once the shared bus took the event (Redis answered the PUBLISH): every
   * instance listening has it before anything this one answers afterwards reaches a client. Rejects
   * when it could not be sent. Absent on a bus that stays in this process, where `publish` is enough.
   */
  publishConfirmed?(event: BusEvent): Promise<void>;
  /** Returns the function that ends the subscription. */
  subscribe(listener: (event: BusEvent) => void): () => void;
  /**
   * Names the current stretch of time in which this instance hears every event the others publish;
   * undefined while it does not (a shared bus whose connection dropped; each reconnection starts a
   * new one). What an instance learned in an earlier stretch may have missed an event since. Absent
   * on a bus that cannot miss one (in-memory).
   */
  hearing?(): number | undefined;
}
