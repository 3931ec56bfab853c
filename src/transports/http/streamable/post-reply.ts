import type { Context } from 'koa';
import type { JsonRpcMessage, JsonRpcResponse } from '../../../core/protocol/json-rpc';
import { encode } from '../../../protocol/codec';
import type { Outbound, StreamControl } from '../../../protocol/outbound';
import type { ProgressSettle } from '../../progress-settle';
import { accepted } from '../accepted';
import type { ResponseMode } from '../http-options';
import type { HttpServer } from '../http-server';
import { answerStatus, type Era } from '../http-status';
import type { SseStream } from '../sse-stream';
import { challengeForScopes, stepUpScopes } from '../step-up';
import type { EventChannel } from './event-channel';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** What `ctx.set(headers)` does, without Koa's delegation: nothing once the head is written. */
function setHeaders(ctx: Context, headers: Record<string, string>): void {
  const res = ctx.res;
  if (res.headersSent) return;
  for (const name in headers) res.setHeader(name, headers[name]);
}

export interface PostReplyOptions {
  ctx: Context;
  server: HttpServer;
  mode: ResponseMode;
  /** Headers of the response, whichever form it takes (e.g. `Mcp-Session-Id`). */
  headers: Record<string, string>;
  /**
   * Session era: opens the channel that logs the stream for resumption (primed for clients >=
   * 2025-11-25). Called only if the answer becomes a stream, so JSON answers cost nothing.
   */
  openChannel?: () => EventChannel;
  priming?: { retryMs: number };
  /** Where related messages go when the answer is one JSON body (the session's standalone stream). */
  aside?: Outbound;
  /**
   * `auto` mode with a resumable channel: a request still running after this long turns into a
   * (primed, resumable) stream, so a long call survives a dropped connection.
   */
  streamAfterMs?: number;
  /**
   * Set for clients that lose progress read together with the response (see progress-settle.ts):
   * it holds the answer back after progress on the stream, or after anything that went aside.
   */
  settle?: ProgressSettle;
  /** Whose status rules a JSON answer follows (2026-07-28 maps some errors to 4xx); session by default. */
  era?: Era;
}

/**
 * The answer to one POST that carries requests. It is the sink the engine writes the requests'
 * related messages to: in `json` mode they go aside and the result is one JSON body; in `sse`
 * mode everything is an event stream; in `auto` mode the answer stays JSON until the handler
 * sends something before its result, and then turns into a stream.
 */
export class PostReply implements Outbound, StreamControl {
  private stream?: SseStream;
  /** The channel logging this answer's stream, once it is one (retire it when the request ends). */
  channel?: EventChannel;
  private finished = false;
  private readonly slow?: NodeJS.Timeout;

  constructor(private readonly options: PostReplyOptions) {
    if (options.mode === 'sse') this.startStream();
    else if (options.mode === 'auto' && options.openChannel && options.streamAfterMs !== undefined) {
      this.slow = setTimeout(() => {
        if (!this.finished && !this.stream) this.startStream();
      }, options.streamAfterMs);
    }
  }

  send(message: JsonRpcMessage): void {
    if (this.finished) return;
    this.options.settle?.note(message, this.options.mode === 'json');
    if (this.options.mode === 'json') {
      this.options.aside?.send(message);
      return;
    }
    if (!this.stream) this.startStream();
    this.write(message);
  }

  closeStream(): void {
    if (!this.options.openChannel || this.finished || this.options.mode === 'json') return;
    if (!this.stream) this.startStream();
    void this.channel?.detach();
  }

  /** Writes the final answer: the last event of the stream, or the JSON body. */
  async finish(response: JsonRpcResponse | JsonRpcResponse[] | undefined): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.slow);
    const { ctx } = this.options;
    const channel = this.channel;
    if (!this.stream) {
      // What went aside travels on another response: a client that forgets a request's progress
      // handler as soon as its result is in needs it to arrive first.
      if (this.options.settle) await this.options.settle.beforeAnswer();
      setHeaders(ctx, this.options.headers);
      if (response === undefined) {
        accepted(ctx);
        return;
      }
      const scopes = stepUpScopes(response);
      if (scopes) challengeForScopes(ctx, scopes);
      // On Koa's response itself: `ctx.status`/`ctx.body` only forward there, through a shared
      // (megamorphic) delegate that costs more than the setters it calls.
      const koa = ctx.response;
      koa.status = answerStatus(response, this.options.era ?? 'session');
      // What `ctx.type = 'application/json'` sets, without its MIME lookup.
      if (!ctx.res.headersSent) ctx.res.setHeader('Content-Type', JSON_CONTENT_TYPE);
      koa.body = encode(response);
      return;
    }
    const messages = response === undefined ? [] : Array.isArray(response) ? response : [response];
    await this.options.settle?.beforeAnswer();
    if (channel) {
      // The channel's queue keeps them in order; its operations never reject.
      for (const message of messages) void channel.deliver(message);
      await channel.end();
      return;
    }
    for (const message of messages) this.stream.sendMessage(message);
    this.stream.end();
  }

  private startStream(): void {
    const { ctx, server, headers, priming, openChannel } = this.options;
    this.channel = openChannel?.();
    const channel = this.channel;
    this.stream = server.openStream(ctx, headers);
    channel?.open(this.stream, priming);
  }

  private write(message: JsonRpcMessage): void {
    if (this.channel) void this.channel.deliver(message);
    else this.stream?.sendMessage(message);
  }
}
