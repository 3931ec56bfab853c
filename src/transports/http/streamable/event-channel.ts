import type { JsonRpcMessage } from '../../../core/protocol/json-rpc';
import type { EventStore } from '../../../core/stores/event-store';
import { encode } from '../../../protocol/codec';
import type { SseStream } from '../sse-stream';

const DONE: Promise<void> = Promise.resolve();

/** Told of what went wrong on a channel (a store that failed, a message that could not be sent). */
export type ChannelFault = (what: string, error?: unknown) => void;

/**
 * Where a channel's events go while no HTTP response carries them here: the client lost the
 * stream and may resume it on another instance, which follows them (after replaying the log).
 */
export interface StreamRelay {
  event(streamId: string, eventId: string, message: JsonRpcMessage): void;
  end(streamId: string): void;
}

/**
 * One logical SSE stream of a session: a POST's response stream or the standalone GET stream.
 * Every message is logged in the event store under this stream's id before it is written, so the
 * HTTP response carrying it may come and go: a client that lost it resumes with `Last-Event-ID`
 * on a new GET, which replays what it missed and then carries the rest.
 *
 * Its operations never reject: they run one after the other on a queue that a failed step must
 * not break, and they are often started without anyone waiting for them (`void deliver(...)`).
 * A store that fails to log a message costs only its resumability: it is still sent live.
 */
export class EventChannel {
  private stream?: SseStream;
  private complete = false;
  /** Primed for resumption (2025-11-25 and later): its client reconnects with Last-Event-ID. */
  private resumable = false;
  /** Appends and writes happen one after the other, in the order messages were sent. */
  private queue: Promise<void> = DONE;
  /** Steps started on the queue and not yet finished. */
  private queued = 0;

  constructor(
    readonly streamId: string,
    private readonly store: EventStore,
    private readonly onFault: ChannelFault = () => undefined,
    private readonly relay?: StreamRelay,
  ) {}

  get attached(): boolean {
    return this.stream !== undefined && !this.stream.isClosed;
  }

  /** Starts writing to `stream`; a priming event (id, empty data, retry hint) first when asked. */
  open(stream: SseStream, priming?: { retryMs: number }): void {
    this.stream = stream;
    this.resumable ||= priming !== undefined;
    if (priming) stream.send({ id: this.store.primingId(this.streamId), data: '', retry: priming.retryMs });
    stream.onClose(() => {
      if (this.stream === stream) this.stream = undefined;
    });
  }

  deliver(message: JsonRpcMessage): Promise<void> {
    // Encoded once, for the log and the stream alike.
    const text = encode(message);
    const store = this.store;
    const appendNow = store.appendNow;
    if (appendNow) {
      // A store that needs no I/O: with nothing queued ahead, logged and sent now, no promise made.
      return this.enqueue('deliver a message', () => {
        let id: string | undefined;
        try {
          id = appendNow.call(store, this.streamId, message, text);
        } catch (error) {
          this.unlogged(error);
        }
        this.send(message, text, id);
      });
    }
    return this.enqueue('deliver a message', async () => {
      let id: string | undefined;
      try {
        id = await store.append(this.streamId, message, text);
      } catch (error) {
        this.unlogged(error);
      }
      this.send(message, text, id);
    });
  }

  /** A resumed GET takes over: what came after `lastEventId` is replayed on it, then it carries the rest. */
  resume(stream: SseStream, lastEventId: string): Promise<void> {
    return this.enqueue('resume', async () => {
      await this.store.replayAfter(lastEventId, (id, message) => {
        stream.sendMessage(message, id);
      });
      if (this.complete) stream.end();
      else this.open(stream);
    });
  }

  /** The request's answer was delivered: whoever holds the stream, or resumes it later, gets its end. */
  end(): Promise<void> {
    return this.enqueue('end', () => {
      this.complete = true;
      if (!this.stream) this.relay?.end(this.streamId);
      this.stream?.end();
      this.stream = undefined;
    });
  }

  /**
   * Ends the HTTP response after what was queued; the channel lives on in the store. With a
   * `farewell` (shutdown), a resumable stream's last event is a retry hint: its client reconnects
   * with its Last-Event-ID after that long, to whichever instance then answers.
   */
  detach(farewell?: { retryMs: number }): Promise<void> {
    return this.enqueue('detach', () => {
      if (farewell && this.resumable) this.stream?.send({ data: '', retry: farewell.retryMs });
      this.stream?.end();
      this.stream = undefined;
    });
  }

  private unlogged(error: unknown): void {
    this.onFault(`could not log an event of stream ${this.streamId}; it is sent without resumability`, error);
  }

  private send(message: JsonRpcMessage, text: string | undefined, id: string | undefined): void {
    if (!this.stream) {
      if (id !== undefined) this.relay?.event(this.streamId, id, message);
    } else if (!this.stream.sendText(text, id) && !this.stream.isClosed) {
      this.onFault(`dropped a message of stream ${this.streamId} that cannot be serialised`);
    }
  }

  /**
   * Runs `step` after those queued before it. With none queued, a step that completes at once runs
   * now (an SSE answer from an in-memory store is delivered and ended without a promise).
   */
  private enqueue(what: string, step: () => void | Promise<void>): Promise<void> {
    if (this.queued === 0) {
      let result: void | Promise<void>;
      try {
        result = step();
      } catch (error) {
        this.failed(what, error);
        return DONE;
      }
      if (result === undefined) return DONE;
      return this.chain(what, result);
    }
    return this.chain(what, this.queue.then(step));
  }

  /** Queues a running step: what is enqueued next waits for it. */
  private chain(what: string, running: Promise<void>): Promise<void> {
    this.queued++;
    this.queue = running.then(
      () => {
        this.queued--;
      },
      (error: unknown) => {
        this.queued--;
        this.failed(what, error);
      },
    );
    return this.queue;
  }

  private failed(what: string, error: unknown): void {
    this.onFault(`stream ${this.streamId} failed to ${what}`, error);
  }
}
