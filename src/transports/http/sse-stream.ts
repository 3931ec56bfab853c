import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'koa';
import type { JsonRpcMessage } from '../../core/protocol/json-rpc';
import { encode } from '../../protocol/codec';

/** A fresh object of the SSE headers, for one response to add its own to (a literal: cheap to copy). */
function sseHead(): Record<string, string> {
  return {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
    Connection: 'keep-alive',
  };
}

/** How one stream behaves: keep-alives, and how much it lets pile up for a client that does not read. */
export interface SseStreamOptions {
  /** Interval of keep-alive comments on an idle stream, in ms; 0 sends none. */
  keepAliveMs: number;
  /**
   * The stream is closed when more than this many bytes wait in Node's buffer of the response (what
   * the kernel would not take) at a keep-alive tick and the client took nothing since the previous
   * tick: a client that stopped reading. Unset (or no keep-alive): never.
   */
  maxBacklogBytes?: number;
  /** Told, with the bytes waiting and the stream's request, when it is closed for a client that does not read. */
  onStalled?: (waitingBytes: number, req: IncomingMessage) => void;
}

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  retry?: number;
}

/**
 * One open `text/event-stream` response, written in Koa's raw mode. What is written during one
 * turn of the event loop leaves in one socket write at the end of that turn (headers included, so
 * a stream that is opened and has nothing to say yet still starts within the turn): an answer
 * ready within the turn of its request (headers, priming event, message, end) is one write, as a
 * JSON body is, and the events of many requests answered in the same turn on one long-lived
 * stream share one. Idle streams get a keep-alive comment, so proxies do not cut them; `onClose`
 * tells when the client went away (or the stream was ended).
 */
export class SseStream {
  private readonly res: ServerResponse;
  private readonly timer?: NodeJS.Timeout;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];
  /** What was written since the last flush. */
  private pending = '';
  /** The flush at the end of this turn, once one is due. */
  private flushing?: NodeJS.Immediate;
  /** The response's own headers (besides the SSE ones), until they are sent. */
  private readonly headers: Record<string, string>;

  private readonly options: SseStreamOptions;
  /** What waited in the response's buffer at the last keep-alive tick, and what was written since. */
  private waitingAtTick = 0;
  private added = 0;

  constructor(ctx: Context, options: SseStreamOptions, headers: Record<string, string> = {}) {
    ctx.respond = false;
    this.res = ctx.res;
    this.options = options;
    const { keepAliveMs } = options;
    // The headers leave with the first flush, or with the whole body when the stream ends first.
    this.res.statusCode = 200;
    this.headers = headers;
    this.res.on('close', () => this.markClosed());
    this.res.on('error', () => this.markClosed());
    this.schedule();
    if (keepAliveMs > 0) {
      this.timer = setInterval(() => {
        if (!this.stalled()) this.write(': keep-alive\n\n');
      }, keepAliveMs);
      this.timer.unref();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: SseEvent): boolean {
    let text = '';
    if (event.event) text += `event: ${event.event}\n`;
    if (event.id !== undefined) text += `id: ${event.id}\n`;
    if (event.retry !== undefined) text += `retry: ${event.retry}\n`;
    // Most events (priming, retry hints) are one line: no array for them.
    if (!event.data.includes('\n')) text += `data: ${event.data}\n`;
    else for (const line of event.data.split('\n')) text += `data: ${line}\n`;
    return this.write(`${text}\n`);
  }

  /**
   * Sends one JSON-RPC message as a `message` event. A message that cannot be serialised is not
   * sent (a response becomes an internal error instead, see `encode`); false tells the caller.
   */
  sendMessage(message: JsonRpcMessage | JsonRpcMessage[], id?: string): boolean {
    return this.sendText(encode(message), id);
  }

  /**
   * Sends a message's wire text (what `encode` made of it, so a caller that also logs it encodes
   * it once) as a `message` event; undefined (a message that cannot be serialised) sends nothing.
   */
  sendText(data: string | undefined, id?: string): boolean {
    if (data === undefined) return false;
    // JSON text is one line (JSON.stringify escapes newlines): one `data:` line, no splitting.
    return this.write(
      id === undefined ? `event: message\ndata: ${data}\n\n` : `event: message\nid: ${id}\ndata: ${data}\n\n`,
    );
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** Ends the response after what is pending: all in one write when nothing was sent yet. */
  end(): void {
    if (this.closed) return;
    const text = this.takePending();
    if (this.writable) {
      // A body ended before anything was sent has a length: it leaves with its headers in one write.
      if (!this.res.headersSent) this.writeHead(String(Buffer.byteLength(text)));
      this.res.end(text);
    }
    this.markClosed();
  }

  private get writable(): boolean {
    return !this.closed && !this.res.writableEnded && !this.res.destroyed;
  }

  private write(text: string): boolean {
    if (!this.writable) return false;
    this.pending += text;
    this.schedule();
    return true;
  }

  private schedule(): void {
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = undefined;
    if (!this.writable) return;
    const text = this.takePending();
    // Only this and `end` store the head, so a stored head (`headersSent`) is one already written.
    if (!this.res.headersSent) {
      this.writeHead();
      if (text === '') this.res.flushHeaders();
    }
    if (text === '') return;
    const before = this.res.writableLength;
    this.res.write(text);
    this.added += this.res.writableLength - before;
  }

  /**
   * A client that stops reading (hostile, or hung) would have the server buffer every event meant
   * for it, without bound. At each keep-alive tick: if more than the limit waits and the client took
   * nothing since the previous tick, the stream is cut. A large burst that a reading client is still
   * taking is not that, however big. The events stay in the stream's event log, so a resumable
   * client that reconnects with Last-Event-ID receives them.
   */
  private stalled(): boolean {
    const waiting = this.res.writableLength;
    const taken = this.waitingAtTick + this.added - waiting;
    this.waitingAtTick = waiting;
    this.added = 0;
    const limit = this.options.maxBacklogBytes;
    if (limit === undefined || waiting <= limit || taken > 0 || !this.writable) return false;
    this.options.onStalled?.(waiting, this.res.req);
    this.res.destroy();
    this.markClosed();
    return true;
  }

  private writeHead(length?: string): void {
    // One object, filled in place: spreading three objects into a new one per response cost more.
    const head = sseHead();
    const own = this.headers;
    for (const name in own) head[name] = own[name];
    if (length !== undefined) head['Content-Length'] = length;
    this.res.writeHead(200, head);
  }

  private takePending(): string {
    const text = this.pending;
    this.pending = '';
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    return text;
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = '';
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    if (this.timer) clearInterval(this.timer);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
