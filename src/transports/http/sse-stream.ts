import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';
import type { JsonRpcMessage } from '../../core/protocol/json-rpc';
import { encode } from '../../protocol/codec';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  retry?: number;
}

/**
 * One open `text/event-stream` response, written in Koa's raw mode so that every event leaves at
 * once. Idle streams get a keep-alive comment, so proxies do not cut them; `onClose` tells when
 * the client went away (or the stream was ended).
 */
export class SseStream {
  private readonly res: ServerResponse;
  private readonly timer?: NodeJS.Timeout;
  private closed = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(ctx: Context, keepAliveMs: number, headers: Record<string, string> = {}) {
    ctx.respond = false;
    this.res = ctx.res;
    this.res.writeHead(200, { ...SSE_HEADERS, ...headers });
    this.res.flushHeaders();
    this.res.on('close', () => this.markClosed());
    this.res.on('error', () => this.markClosed());
    if (keepAliveMs > 0) {
      this.timer = setInterval(() => this.write(': keep-alive\n\n'), keepAliveMs);
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
    for (const line of event.data.split('\n')) text += `data: ${line}\n`;
    return this.write(`${text}\n`);
  }

  /**
   * Sends one JSON-RPC message as a `message` event. A message that cannot be serialised is not
   * sent (a response becomes an internal error instead, see `encode`); false tells the caller.
   */
  sendMessage(message: JsonRpcMessage | JsonRpcMessage[], id?: string): boolean {
    const data = encode(message);
    if (data === undefined) return false;
    return this.send(id === undefined ? { event: 'message', data } : { id, event: 'message', data });
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  end(): void {
    if (this.closed) return;
    this.res.end();
    this.markClosed();
  }

  private write(text: string): boolean {
    if (this.closed || this.res.writableEnded) return false;
    this.res.write(text);
    return true;
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
