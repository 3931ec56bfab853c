import { encode } from '../../../protocol/codec';
import type { JsonRpcMessage } from '../../../protocol/json-rpc';
import type { EventStore } from '../../../state/event-store';
import type { SseStream } from '../sse-stream';

/**
 * One logical SSE stream of a session: a POST's response stream or the standalone GET stream.
 * Every message is logged in the event store under this stream's id before it is written, so the
 * HTTP response carrying it may come and go: a client that lost it resumes with `Last-Event-ID`
 * on a new GET, which replays what it missed and then carries the rest.
 */
export class EventChannel {
  private stream?: SseStream;
  private complete = false;
  /** Appends and writes happen one after the other, in the order messages were sent. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly streamId: string,
    private readonly store: EventStore,
  ) {}

  get attached(): boolean {
    return this.stream !== undefined && !this.stream.isClosed;
  }

  /** Starts writing to `stream`; a priming event (id, empty data, retry hint) first when asked. */
  open(stream: SseStream, priming?: { retryMs: number }): void {
    this.stream = stream;
    if (priming) stream.send({ id: this.store.primingId(this.streamId), data: '', retry: priming.retryMs });
    stream.onClose(() => {
      if (this.stream === stream) this.stream = undefined;
    });
  }

  deliver(message: JsonRpcMessage): Promise<void> {
    this.queue = this.queue.then(async () => {
      const id = await this.store.append(this.streamId, message);
      this.stream?.send({ id, event: 'message', data: encode(message) });
    });
    return this.queue;
  }

  /** A resumed GET takes over: what came after `lastEventId` is replayed on it, then it carries the rest. */
  resume(stream: SseStream, lastEventId: string): Promise<void> {
    this.queue = this.queue.then(async () => {
      await this.store.replayAfter(lastEventId, (id, message) => {
        stream.send({ id, event: 'message', data: encode(message) });
      });
      if (this.complete) stream.end();
      else this.open(stream);
    });
    return this.queue;
  }

  /** The request's answer was delivered: whoever holds the stream, or resumes it later, gets its end. */
  end(): Promise<void> {
    this.queue = this.queue.then(() => {
      this.complete = true;
      this.stream?.end();
      this.stream = undefined;
    });
    return this.queue;
  }

  /** Ends the HTTP response after what was queued; the channel lives on in the store. */
  detach(): Promise<void> {
    this.queue = this.queue.then(() => {
      this.stream?.end();
      this.stream = undefined;
    });
    return this.queue;
  }
}
