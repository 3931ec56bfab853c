import { faultAnswer } from '../../../core/protocol/error-funnel';
import { isResponse, type JsonRpcId, type JsonRpcMessage } from '../../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../../core/protocol/mcp-error';
import type { SseStream } from '../sse-stream';

interface Event {
  id: string;
  message: JsonRpcMessage;
}

/**
 * A resumed POST stream whose request runs on another instance. It listens for the live events
 * that instance relays over the bus *before* the shared log is replayed, holds them during the
 * replay, then sends what the log held after the client's Last-Event-ID followed by the held and
 * later live events, skipping any already sent: every event exactly once, in order, until the
 * request's answer or the stream's end.
 */
export class FollowedStream {
  private stream?: SseStream;
  private readonly held: Event[] = [];
  private readonly sent = new Set<string>();
  private endHeard = false;
  /** The requests left unanswered by an instance that died, heard of before the stream started. */
  private lostHeard?: readonly JsonRpcId[];
  private done = false;
  /** Ends the bus subscription; set by whoever subscribed this follower. */
  unfollow: () => void = () => undefined;
  /** Stops watching the liveness of the instance running the request; set by whoever watches it. */
  unwatch: () => void = () => undefined;

  /** Whether the stream ended (answered, lost, closed by the client) or was never used. */
  get finished(): boolean {
    return this.done;
  }

  /** A live event relayed by the instance running the request. */
  event(id: string, message: JsonRpcMessage): void {
    if (this.stream) this.send({ id, message });
    else this.held.push({ id, message });
  }

  /** The instance running the request says the stream is over. */
  end(): void {
    if (this.stream) this.finish();
    else this.endHeard = true;
  }

  /**
   * The instance running the request died: nobody will answer it. Each of the stream's requests
   * gets an error saying so, after whatever was logged, and the stream ends: the client retries
   * instead of waiting on keep-alives forever.
   */
  lost(requestIds: readonly JsonRpcId[]): void {
    if (!this.stream) {
      this.lostHeard = requestIds;
      return;
    }
    if (this.done) return;
    for (const id of requestIds) this.stream.sendMessage(lostAnswer(id));
    this.finish();
  }

  /** Starts writing: the replayed events, then those heard meanwhile, then live ones. */
  start(stream: SseStream, replayed: readonly Event[]): void {
    this.stream = stream;
    stream.onClose(() => this.finish());
    for (const event of [...replayed, ...this.held.splice(0)]) this.send(event);
    if (this.endHeard) this.finish();
    else if (this.lostHeard) this.lost(this.lostHeard);
  }

  /** Stops listening without writing anything (the stream turned out to be served another way). */
  cancel(): void {
    this.done = true;
    this.unfollow();
    this.unwatch();
  }

  private send(event: Event): void {
    if (this.done || this.sent.has(event.id)) return;
    this.sent.add(event.id);
    this.stream?.sendMessage(event.message, event.id);
    // A POST stream ends with its request's answer.
    if (isResponse(event.message)) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.unfollow();
    this.unwatch();
    this.stream?.end();
  }
}

/** What a client gets for a request whose instance died running it: a retryable error. */
export function lostAnswer(id: JsonRpcId): JsonRpcMessage {
  const lost = new McpError(
    ErrorCode.InternalError,
    'The server instance running this request stopped before answering; its result is lost: send the request again',
    { retryable: true },
  );
  return faultAnswer(id, lost);
}
