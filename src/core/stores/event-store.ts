import type { JsonRpcMessage } from '../protocol/json-rpc';

/** The id of one SSE event, unique across streams: what a client sends back as `Last-Event-ID`. */
export type EventId = string;

/**
 * Event ids are `<streamId>_<position>`, so an id alone says which stream to resume; every store
 * writes them with `eventId` and reads them back with `parseEventId` (undefined when malformed).
 */
export function eventId(streamId: string, position: string | number): EventId {
  return `${streamId}_${position}`;
}

export function parseEventId(id: EventId): { streamId: string; position: string } | undefined {
  const cut = id.lastIndexOf('_');
  return cut <= 0 ? undefined : { streamId: id.slice(0, cut), position: id.slice(cut + 1) };
}

/**
 * The log of the SSE events a session-era server sent, so a client that lost its stream can
 * resume it (streamable HTTP, "Resumability and Redelivery"). One log per stream: a resumed
 * stream replays only its own events, never another stream's.
 */
export interface EventStore {
  /**
   * Records a message sent on `streamId` and returns the id of its event. `text` is the message's
   * wire text when the caller already has it (see `encode`), so the store need not serialise it again.
   */
  append(streamId: string, message: JsonRpcMessage, text?: string): Promise<EventId>;
  /**
   * What `append` does, at once, for a store that needs no I/O (in memory): a channel that has
   * nothing queued then sends the event in the same call, with no promise per event. Throws what
   * `append` would reject with.
   */
  appendNow?(streamId: string, message: JsonRpcMessage, text?: string): EventId;
  /**
   * Sends, in order, every event of the stream that `lastEventId` belongs to that came after it,
   * and returns that stream's id; undefined when the event is unknown (evicted or forged).
   */
  replayAfter(
    lastEventId: EventId,
    send: (eventId: EventId, message: JsonRpcMessage) => void | Promise<void>,
  ): Promise<string | undefined>;
  /** The id a stream's priming event carries: resuming after it replays the whole stream. */
  primingId(streamId: string): EventId;
  /**
   * Drops these streams' events: their session ended or expired, so nobody can resume them. A
   * store whose entries expire on their own may leave it out.
   */
  forget?(streamIds: readonly string[]): Promise<void>;
}
