import { randomBytes } from 'node:crypto';
import type { JsonRpcMessage } from '../../../core/protocol/json-rpc';
import type { EventStore } from '../../../core/stores/event-store';
import type { Connection } from '../../../protocol/connection';
import type { Outbound } from '../../../protocol/outbound';
import { type ChannelFault, EventChannel, type StreamRelay } from './event-channel';

const STANDALONE_MARK = 'g';

/**
 * What every view of one endpoint's sessions shares, made once by the session table rather than
 * once per view: an idle view holds nothing of its own but its id, its connection and its clock.
 */
export interface ViewLinks {
  readonly store: EventStore;
  readonly clock: () => number;
  readonly onFault?: ChannelFault;
  /** Carries a message to the instance holding the session's standalone stream, when this one does not. */
  readonly elsewhere?: (sessionId: string, message: JsonRpcMessage) => void;
  /** Carries the events of a stream the client lost to an instance it resumes it on. */
  readonly relay?: StreamRelay;
}

/**
 * This instance's view of a session-era client of streamable HTTP: its id, its engine connection,
 * its standalone GET stream if held here, and the POST streams still carrying work here (so a
 * resumed GET can take one over). The session itself lives in the session store. What only a view
 * that streams needs (its channels, its stream ids) is made when it first opens a stream.
 */
export class HttpSession implements Outbound {
  connection!: Connection;
  /** The standalone stream's channel, while a GET holds it (one at a time). */
  standalone?: EventChannel;
  private channels?: Map<string, EventChannel>;
  /**
   * How many streams this view opened, and which of them were standalone: their ids follow from
   * these, so an ended session's logs can be forgotten without keeping one string per answer (a
   * long session answering with streams kept them all, hundreds of thousands under load).
   */
  private streamCount = 0;
  private standaloneAt?: number[];
  /** Names this view's streams apart from those other instances' views of the session open. */
  private streamPrefix?: string;
  private busy = 0;
  private lastUsed: number;
  private closed = false;

  constructor(
    readonly id: string,
    private readonly links: ViewLinks,
  ) {
    this.lastUsed = links.clock();
  }

  /**
   * Session-level messages (list_changed, resources/updated, what a JSON answer sends aside) go
   * on the standalone stream: here if this instance holds it, else wherever it is held.
   */
  send(message: JsonRpcMessage): void {
    if (this.standalone?.attached) void this.standalone.deliver(message);
    else this.links.elsewhere?.(this.id, message);
  }

  /** Delivers a message routed here for the standalone stream; false when it is not held here. */
  deliverHere(message: JsonRpcMessage): boolean {
    if (!this.standalone?.attached) return false;
    void this.standalone.deliver(message);
    return true;
  }

  /** Whether the client listens for session-level messages on this instance. */
  get listensHere(): boolean {
    return this.standalone?.attached === true;
  }

  /** Whether work or a stream keeps the session in use here. */
  get inUse(): boolean {
    return this.busy > 0 || this.listensHere;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Stream ids start with the (unguessable) session id, so ownership needs no list of them; a
   * standalone stream's id says so, for an instance that resumes it without knowing it.
   */
  newChannel(kind: 'post' | 'standalone' = 'post'): EventChannel {
    this.streamPrefix ??= `${this.id}.${randomBytes(4).toString('hex')}.`;
    const index = this.streamCount++;
    if (kind === 'standalone') {
      this.standaloneAt ??= [];
      this.standaloneAt.push(index);
    }
    const streamId = this.streamIdAt(index, kind === 'standalone');
    const { store, onFault, relay } = this.links;
    const channel = new EventChannel(streamId, store, onFault, relay);
    this.channels ??= new Map();
    this.channels.set(streamId, channel);
    return channel;
  }

  private streamIdAt(index: number, standalone: boolean): string {
    return `${this.streamPrefix}${standalone ? STANDALONE_MARK : ''}${index}`;
  }

  static isStandalone(streamId: string): boolean {
    const last = streamId.slice(streamId.lastIndexOf('.') + 1);
    return last.startsWith(STANDALONE_MARK);
  }

  /** A POST stream whose result was logged: it can only be replayed from now on. */
  retire(channel: EventChannel): void {
    if (this.channels?.get(channel.streamId) === channel) this.channels.delete(channel.streamId);
  }

  owns(streamId: string): boolean {
    return streamId.startsWith(`${this.id}.`);
  }

  /** The live channel of a stream, if its request is still running (or it is the standalone stream). */
  live(streamId: string): EventChannel | undefined {
    return this.channels?.get(streamId);
  }

  openStandalone(): EventChannel {
    const channel = this.newChannel('standalone');
    this.standalone = channel;
    return channel;
  }

  /** Work begins on this session: it does not expire while busy (`leave` when the work is over). */
  enter(): void {
    this.busy++;
  }

  /** The work `enter` began is over: the idle clock restarts. */
  leave(): void {
    this.busy--;
    this.lastUsed = this.links.clock();
  }

  /** Whether the session has been unused for `ttlMs` (work in flight and an open stream count as use). */
  expired(now: number, ttlMs: number): boolean {
    return !this.inUse && now - this.lastUsed >= ttlMs;
  }

  /**
   * Ends this view. `ended`: the session is over (the client ended it, it expired), so its tasks
   * and streams go. `released`: the view went idle while the session may live on elsewhere, and
   * the streams stay for resumption. At shutdown (`farewell`) they stay too, and open ones end
   * with a retry hint.
   */
  close(reason: string, how: 'ended' | 'released' | { farewell: { retryMs: number } } = 'ended'): void {
    if (this.closed) return;
    this.closed = true;
    const farewell = typeof how === 'object' ? how.farewell : undefined;
    if (how === 'ended') void this.connection?.end(reason);
    else this.connection?.close(reason);
    const channels = new Set(this.channels?.values());
    if (this.standalone) channels.add(this.standalone);
    const detached = [...channels].map((channel) => channel.detach(farewell));
    this.channels?.clear();
    if (how !== 'ended' || this.streamCount === 0) return;
    const standalone = new Set(this.standaloneAt);
    const streamIds: string[] = [];
    for (let index = 0; index < this.streamCount; index++) {
      streamIds.push(this.streamIdAt(index, standalone.has(index)));
    }
    // Nobody can resume a stream of an ended session: its events go once what was queued is out.
    const { store, onFault } = this.links;
    void Promise.all(detached).then(() =>
      store
        .forget?.(streamIds)
        .catch((error: unknown) => onFault?.(`could not forget the streams of session ${this.id}`, error)),
    );
  }
}
