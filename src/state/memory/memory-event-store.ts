import type { JsonRpcMessage } from '../../protocol/json-rpc';
import type { EventId, EventStore } from '../event-store';

export interface MemoryEventStoreOptions {
  /** Events kept per stream; the oldest are dropped first (default 1000). */
  maxEventsPerStream?: number;
  /** Streams kept overall; the least recently written is dropped first (default 10000). */
  maxStreams?: number;
}

interface StreamLog {
  nextSeq: number;
  events: { seq: number; message: JsonRpcMessage }[];
}

/**
 * An in-process, bounded event store. Event ids are `<streamId>_<seq>`, so the stream of an
 * event is read from its id. Good for one instance; several instances need a shared store.
 */
export class MemoryEventStore implements EventStore {
  private readonly streams = new Map<string, StreamLog>();
  private readonly maxEvents: number;
  private readonly maxStreams: number;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.maxEvents = options.maxEventsPerStream ?? 1000;
    this.maxStreams = options.maxStreams ?? 10_000;
  }

  async append(streamId: string, message: JsonRpcMessage): Promise<EventId> {
    let log = this.streams.get(streamId);
    if (log) {
      this.streams.delete(streamId); // re-insert: Map order is then least recently written first
    } else {
      log = { nextSeq: 1, events: [] };
      while (this.streams.size >= this.maxStreams) this.streams.delete(this.streams.keys().next().value as string);
    }
    this.streams.set(streamId, log);
    const seq = log.nextSeq++;
    log.events.push({ seq, message });
    if (log.events.length > this.maxEvents) log.events.shift();
    return `${streamId}_${seq}`;
  }

  async replayAfter(
    lastEventId: EventId,
    send: (eventId: EventId, message: JsonRpcMessage) => void | Promise<void>,
  ): Promise<string | undefined> {
    const cut = lastEventId.lastIndexOf('_');
    if (cut <= 0) return undefined;
    const streamId = lastEventId.slice(0, cut);
    const after = Number(lastEventId.slice(cut + 1));
    const log = this.streams.get(streamId);
    // A priming id names a stream that may have sent nothing yet: there is nothing to replay.
    if (!log) return after === 0 && lastEventId === this.primingId(streamId) ? streamId : undefined;
    if (!Number.isInteger(after) || after < 0 || after >= log.nextSeq) return undefined;
    for (const event of log.events) {
      if (event.seq > after) await send(`${streamId}_${event.seq}`, event.message);
    }
    return streamId;
  }

  primingId(streamId: string): EventId {
    return `${streamId}_0`;
  }

  /** How many streams are kept (for tests and metrics). */
  get size(): number {
    return this.streams.size;
  }
}
