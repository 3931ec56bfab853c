import type { JsonRpcMessage } from '../../core/protocol/json-rpc';
import { type EventId, type EventStore, eventId, parseEventId } from '../../core/stores/event-store';
import { encode } from '../../protocol/codec';

export interface MemoryEventStoreOptions {
  /** Events kept per stream; the oldest are dropped first (default 1000). */
  maxEventsPerStream?: number;
  /** Streams kept overall; the least recently written is dropped first (default 10000). */
  maxStreams?: number;
  /**
   * Bytes of serialised events kept overall (default 64 MiB): beyond it the least recently
   * written streams are dropped first, then the oldest events of the stream being written.
   */
  maxBytes?: number;
}

export const MEMORY_EVENT_STORE_DEFAULTS = {
  maxEventsPerStream: 1000,
  maxStreams: 10_000,
  maxBytes: 64 * 1024 * 1024,
} as const;

interface StoredEvent {
  seq: number;
  /** The message as sent (its wire text): kept as text, it is counted exactly and shares nothing. */
  text: string;
  bytes: number;
}

interface StreamLog {
  readonly id: string;
  nextSeq: number;
  events: StoredEvent[];
  bytes: number;
  /** Its neighbours in the order of last write; the oldest end is dropped first. */
  older?: StreamLog;
  newer?: StreamLog;
}

/**
 * An in-process event store, bounded in events per stream, streams and bytes. Event ids are
 * `<streamId>_<seq>`, so the stream of an event is read from its id. Streams are forgotten when
 * their session ends. Good for one instance; several instances need a shared store.
 */
export class MemoryEventStore implements EventStore {
  private readonly streams = new Map<string, StreamLog>();
  /**
   * The streams by last write, as a linked list rather than by re-inserting into the Map: a Map
   * that drops its first entry on every new stream (a full store, one stream per SSE answer)
   * keeps the deleted slots at its front until it rehashes, and finding the first live entry
   * walked them all, thousands per append.
   */
  private oldest?: StreamLog;
  private newest?: StreamLog;
  private readonly maxEvents: number;
  private readonly maxStreams: number;
  private readonly maxBytes: number;
  private totalBytes = 0;

  /**
   * Logs an event at once, for a channel with nothing queued (see EventStore.appendNow). Not
   * offered by a subclass that overrides `append` (to watch or change what is logged), whose
   * `append` is then called for every event as before.
   */
  readonly appendNow?: (streamId: string, message: JsonRpcMessage, text?: string) => EventId;

  constructor(options: MemoryEventStoreOptions = {}) {
    if (this.append === MemoryEventStore.prototype.append) this.appendNow = this.record;
    this.maxEvents = options.maxEventsPerStream ?? MEMORY_EVENT_STORE_DEFAULTS.maxEventsPerStream;
    this.maxStreams = options.maxStreams ?? MEMORY_EVENT_STORE_DEFAULTS.maxStreams;
    this.maxBytes = options.maxBytes ?? MEMORY_EVENT_STORE_DEFAULTS.maxBytes;
  }

  async append(streamId: string, message: JsonRpcMessage, encoded?: string): Promise<EventId> {
    return this.record(streamId, message, encoded);
  }

  private record(streamId: string, message: JsonRpcMessage, encoded?: string): EventId {
    let log = this.streams.get(streamId);
    if (log) this.unlink(log);
    else {
      while (this.streams.size >= this.maxStreams) this.dropOldestStream();
      log = { id: streamId, nextSeq: 1, events: [], bytes: 0 };
      this.streams.set(streamId, log);
    }
    this.linkNewest(log);
    const seq = log.nextSeq++;
    const text = encoded ?? encode(message);
    // A message that cannot be serialised is not sent either (see encode): nothing to replay.
    if (text !== undefined) {
      const event = { seq, text, bytes: Buffer.byteLength(text) };
      log.events.push(event);
      log.bytes += event.bytes;
      this.totalBytes += event.bytes;
      if (log.events.length > this.maxEvents) this.dropOldestEvent(log);
      this.keepWithinBytes(log);
    }
    return eventId(streamId, seq);
  }

  async replayAfter(
    lastEventId: EventId,
    send: (eventId: EventId, message: JsonRpcMessage) => void | Promise<void>,
  ): Promise<string | undefined> {
    const parsed = parseEventId(lastEventId);
    if (!parsed) return undefined;
    const { streamId } = parsed;
    const after = Number(parsed.position);
    const log = this.streams.get(streamId);
    // A priming id names a stream that may have sent nothing yet: there is nothing to replay.
    if (!log) return after === 0 && lastEventId === this.primingId(streamId) ? streamId : undefined;
    if (!Number.isInteger(after) || after < 0 || after >= log.nextSeq) return undefined;
    for (const event of [...log.events]) {
      if (event.seq > after) await send(eventId(streamId, event.seq), JSON.parse(event.text) as JsonRpcMessage);
    }
    return streamId;
  }

  primingId(streamId: string): EventId {
    return eventId(streamId, 0);
  }

  async forget(streamIds: readonly string[]): Promise<void> {
    for (const streamId of streamIds) {
      const log = this.streams.get(streamId);
      if (log) this.remove(log);
    }
  }

  /** How many streams are kept (for tests and metrics). */
  get size(): number {
    return this.streams.size;
  }

  /** Bytes of serialised events kept (for tests and metrics). */
  get bytes(): number {
    return this.totalBytes;
  }

  private keepWithinBytes(current: StreamLog): void {
    while (this.totalBytes > this.maxBytes) {
      if (this.oldest !== current) this.dropOldestStream();
      else if (current.events.length > 0) this.dropOldestEvent(current);
      else return;
    }
  }

  private dropOldestStream(): void {
    if (this.oldest) this.remove(this.oldest);
  }

  private remove(log: StreamLog): void {
    this.streams.delete(log.id);
    this.unlink(log);
    this.totalBytes -= log.bytes;
  }

  private linkNewest(log: StreamLog): void {
    log.older = this.newest;
    if (this.newest) this.newest.newer = log;
    else this.oldest = log;
    this.newest = log;
  }

  private unlink(log: StreamLog): void {
    if (log.older) log.older.newer = log.newer;
    else this.oldest = log.newer;
    if (log.newer) log.newer.older = log.older;
    else this.newest = log.older;
    log.older = log.newer = undefined;
  }

  private dropOldestEvent(log: StreamLog): void {
    const event = log.events.shift() as StoredEvent;
    log.bytes -= event.bytes;
    this.totalBytes -= event.bytes;
  }
}
