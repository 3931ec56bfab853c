import { randomBytes } from 'node:crypto';
import type { Connection } from '../../../protocol/connection';
import type { JsonRpcMessage } from '../../../protocol/json-rpc';
import type { Outbound } from '../../../protocol/outbound';
import type { EventStore } from '../../../state/event-store';
import { EventChannel } from './event-channel';

/**
 * A session-era client of streamable HTTP: its id, its engine connection, its standalone GET
 * stream, and the POST streams still carrying work (so a resumed GET can take one over).
 */
export class HttpSession implements Outbound {
  connection!: Connection;
  /** The standalone stream's channel, while a GET holds it (one at a time). */
  standalone?: EventChannel;
  private readonly channels = new Map<string, EventChannel>();
  /** Ids of every stream this session ever had, so a resume cannot read another session's stream. */
  private readonly owned = new Set<string>();
  private busy = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    readonly id: string,
    private readonly store: EventStore,
    private readonly ttlMs: number,
    private readonly onExpire: (session: HttpSession) => void,
  ) {
    this.arm();
  }

  /** Session-level messages (list_changed, resources/updated) go on the standalone stream, if any. */
  send(message: JsonRpcMessage): void {
    if (this.standalone?.attached) void this.standalone.deliver(message);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  newChannel(): EventChannel {
    const channel = new EventChannel(randomBytes(12).toString('base64url'), this.store);
    this.owned.add(channel.streamId);
    this.channels.set(channel.streamId, channel);
    return channel;
  }

  /** A POST stream whose result was logged: it can only be replayed from now on. */
  retire(channel: EventChannel): void {
    if (this.channels.get(channel.streamId) === channel) this.channels.delete(channel.streamId);
  }

  owns(streamId: string): boolean {
    return this.owned.has(streamId);
  }

  /** The live channel of a stream, if its request is still running (or it is the standalone stream). */
  live(streamId: string): EventChannel | undefined {
    return this.channels.get(streamId);
  }

  openStandalone(): EventChannel {
    const channel = this.newChannel();
    this.standalone = channel;
    return channel;
  }

  /** Work on this session: it does not expire while busy, and its idle clock restarts after. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
      this.arm();
    }
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.connection?.close(reason);
    for (const channel of this.channels.values()) void channel.detach();
    this.channels.clear();
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.timer = setTimeout(() => {
      if (this.busy > 0 || this.standalone?.attached) this.arm();
      else this.onExpire(this);
    }, this.ttlMs);
    this.timer.unref();
  }
}
