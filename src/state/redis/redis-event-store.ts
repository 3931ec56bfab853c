import type { Redis } from 'ioredis';
import type { JsonRpcMessage } from '../../core/protocol/json-rpc';
import { type EventId, type EventStore, eventId, parseEventId } from '../../core/stores/event-store';
import { guarded } from './redis-connection';

export interface RedisEventStoreOptions {
  /** Events kept per stream; XADD trims the oldest (default 1000). */
  maxEventsPerStream?: number;
  /** A stream not written to for this long is dropped, in ms (default 30 minutes). */
  ttlMs?: number;
}

const ENTRY_ID = /^\d+-\d+$/;
const PRIMING_ENTRY = '0-0';

/**
 * SSE event logs on Redis Streams: one stream per SSE stream under `<prefix>events:<streamId>`,
 * bounded by MAXLEN and expiring when unused, so a client resumes with `Last-Event-ID` on any
 * instance. Event ids are `<streamId>_<entry id>`: Redis orders entries, and the stream is read
 * back from the id alone.
 */
export class RedisEventStore implements EventStore {
  private readonly maxEvents: number;
  private readonly ttlMs: number;

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    options: RedisEventStoreOptions = {},
  ) {
    this.maxEvents = options.maxEventsPerStream ?? 1000;
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
  }

  async append(streamId: string, message: JsonRpcMessage, text?: string): Promise<EventId> {
    const key = this.key(streamId);
    const [added] = await guarded(
      Promise.all([
        this.client.xadd(key, 'MAXLEN', '=', this.maxEvents, '*', 'm', text ?? JSON.stringify(message)),
        this.client.pexpire(key, this.ttlMs),
      ]),
    );
    // XADD answers null only with NOMKSTREAM, which is not used: the entry id is always there.
    return eventId(streamId, added as string);
  }

  async replayAfter(
    lastEventId: EventId,
    send: (eventId: EventId, message: JsonRpcMessage) => void | Promise<void>,
  ): Promise<string | undefined> {
    const parsed = parseEventId(lastEventId);
    if (!parsed) return undefined;
    const { streamId, position: after } = parsed;
    if (!ENTRY_ID.test(after)) return undefined;
    const key = this.key(streamId);
    const [newest, missed] = await guarded(
      Promise.all([this.client.xrevrange(key, '+', '-', 'COUNT', 1), this.client.xrange(key, `(${after}`, '+')]),
    );
    // A priming id names a stream that may have sent nothing yet: there is nothing to replay.
    if (newest.length === 0) return after === PRIMING_ENTRY ? streamId : undefined;
    // An id past the newest entry was never handed out: forged, or from a stream since recreated.
    if (compareEntryIds(after, newest[0][0]) > 0) return undefined;
    for (const [entryId, fields] of missed) {
      await send(eventId(streamId, entryId), JSON.parse(fields[1]) as JsonRpcMessage);
    }
    return streamId;
  }

  /** A session ended: its streams go now rather than when they expire. */
  async forget(streamIds: readonly string[]): Promise<void> {
    if (streamIds.length) await guarded(this.client.del(...streamIds.map((id) => this.key(id))));
  }

  primingId(streamId: string): EventId {
    return eventId(streamId, PRIMING_ENTRY);
  }

  private key(streamId: string): string {
    return `${this.prefix}events:${streamId}`;
  }
}

function compareEntryIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}
