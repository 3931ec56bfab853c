import type { Context } from 'koa';
import { principalOf } from '../../auth/bearer-auth';
import type { Logger } from '../../core/logging/logger';
import type { JsonRpcMessage } from '../../core/protocol/json-rpc';
import { ErrorCode } from '../../core/protocol/mcp-error';
import { ALL_VERSIONS, atLeast, DEFAULT_HTTP_VERSION, STATELESS_ERA_VERSION } from '../../core/protocol/versions';
import { type EventStore, parseEventId } from '../../core/stores/event-store';
import { Cancellation } from '../../protocol/cancellation';
import type { McpEngine } from '../../protocol/engine';
import { batchFault, holdsRequests, type Inbound, type InboundFrame } from '../../protocol/inbound';
import { DISCARD } from '../../protocol/outbound';
import { MemoryEventStore } from '../../state/memory/memory-event-store';
import { MemoryInstanceRegistry } from '../../state/memory/memory-instance-registry';
import { owe } from '../owed-answers';
import { type ClientIdentity, type ProgressSettle, progressSettle, requestClient } from '../progress-settle';
import type { MountableTransport } from '../transport';
import { accepted } from './accepted';
import { HttpError } from './http-error';
import { HTTP_DEFAULTS, type StreamableHttpOptions } from './http-options';
import { HttpServer } from './http-server';
import { LegacySse } from './legacy-sse';
import { readFrame, requireJson } from './middleware/read-body';
import { httpTransportOf } from './request-transport';
import { refuseBeyondMaxSessions } from './session-limit';
import type { SseStream } from './sse-stream';
import { requireAccept } from './streamable/accept';
import type { EventChannel } from './streamable/event-channel';
import { FollowedStream } from './streamable/followed-stream';
import { HttpSession } from './streamable/http-session';
import { PostReply } from './streamable/post-reply';
import { SessionTable } from './streamable/session-table';
import { checkStatelessHeaders, decodeHeader } from './streamable/stateless-headers';
import { StreamHolds } from './streamable/stream-holds';
import { defaultRefreshMs } from './streamable/view-freshness';

const JSON_TYPE = 'application/json';
const SESSION_NOT_FOUND = 'Session not found; it may have expired: initialize a new one';
const SSE_TYPE = 'text/event-stream';
/**
 * Streamable HTTP on one endpoint (`/mcp`), for both eras: a session-era client opens a session
 * with `initialize` and keeps it by `Mcp-Session-Id`; a 2026-07-28 request carries its envelope
 * in `_meta` and is served on its own. Answers are JSON or SSE as the handler's traffic needs.
 */
export class StreamableHttpTransport implements MountableTransport {
  readonly kind = 'streamable-http';
  /** An HTTP server only ends through close(). */
  readonly ended = new Promise<void>(() => undefined);
  private readonly http: HttpServer;
  private readonly legacy?: LegacySse;
  private readonly store: EventStore;
  private readonly holds: StreamHolds;
  private readonly path: string;
  private engine?: McpEngine;
  private sessions?: SessionTable;

  constructor(
    private readonly logger: Logger,
    private readonly options: StreamableHttpOptions = {},
  ) {
    this.http = new HttpServer(options, logger);
    this.store = options.eventStore ?? new MemoryEventStore();
    this.holds = new StreamHolds(options.instances ?? new MemoryInstanceRegistry(), logger);
    this.path = options.path ?? HTTP_DEFAULTS.path;
    this.http.protect(this.path);
    this.http.router.post(this.path, (ctx) => this.post(ctx));
    this.http.router.get(this.path, (ctx) => this.get(ctx));
    this.http.router.delete(this.path, (ctx) => this.delete(ctx));
    if (options.legacySse) this.legacy = new LegacySse(this.http, logger, options);
  }

  async start(engine: McpEngine): Promise<void> {
    this.mount(engine);
    await this.http.listen();
    this.logger.info('serving MCP over streamable HTTP at %s', this.url);
    this.http.options.onListening?.(this.url);
  }

  /** Gives the routes their engine; the caller serves them (listen, or inside the user's server). */
  mount(engine: McpEngine): HttpServer {
    if (this.options.stateless) engine.refuseSessionBoundTools();
    this.engine = engine;
    const ttlMs = this.options.sessionTtlMs ?? HTTP_DEFAULTS.sessionTtlMs;
    this.sessions = new SessionTable(engine, this.store, ttlMs, this.options.clock, refreshOf(this.options, ttlMs));
    this.legacy?.mount(engine);
    this.http.streamGauge = engine.telemetry;
    this.http.errors = engine.errors;
    return this.http;
  }

  /** The endpoint's URL, e.g. `http://127.0.0.1:41234/mcp` (the real port when 0 was asked). */
  get url(): string {
    return `${this.http.origin}${this.path}`;
  }

  address() {
    return this.http.address();
  }

  /**
   * Stops accepting, waits for every owed answer to be written (on its JSON body or SSE stream)
   * within the deadline, answers what is left with an error, then ends the sessions' streams,
   * telling resumable clients when to reconnect (elsewhere, behind a load balancer).
   */
  async close(deadlineMs: number): Promise<void> {
    await this.http.close(async () => {
      await this.http.owed.drain(deadlineMs);
      this.sessions?.endAll('the server is shutting down', { retryMs: this.options.retryMs ?? HTTP_DEFAULTS.retryMs });
      await this.legacy?.closeAll('the server is shutting down');
    });
  }

  private async post(ctx: Context): Promise<void> {
    requireAccept(ctx, JSON_TYPE, SSE_TYPE);
    requireJson(ctx);
    const decoded = await readFrame(ctx, this.http.maxBodyBytes);
    const engine = this.started();
    const frame = engine.classify(decoded);
    const version = decodeHeader(headerOf(ctx, 'mcp-protocol-version'));
    if (version === STATELESS_ERA_VERSION || namesItsVersion(frame)) {
      return this.postStateless(ctx, engine, frame);
    }
    checkVersion(version);
    if (this.options.stateless) return this.postImplied(ctx, engine, frame, version || DEFAULT_HTTP_VERSION);
    return this.postSession(ctx, frame);
  }

  /**
   * 2026-07-28: one request, its headers checked against its body, served alone (no connection),
   * cancelled if the client leaves before its answer is written.
   */
  private async postStateless(ctx: Context, engine: McpEngine, frame: InboundFrame): Promise<void> {
    refuseBatch(frame, STATELESS_ERA_VERSION);
    const { message } = frame as { message: Inbound };
    checkStatelessHeaders(ctx, message, (request) => engine.routingHeaders(request));
    if (message.kind !== 'request') {
      accepted(ctx);
      return;
    }
    // Made here, where the disconnect is seen; its AbortSignal only if a handler asks for one.
    const cancellation = new Cancellation();
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) cancellation.abort('the client disconnected');
    });
    const reply = this.reply(ctx, { era: 'stateless', settle: this.settleFor(requestClient(undefined, message)) });
    let settled = false;
    const work = engine
      .serveAlone(message, reply, { auth: principalOf(ctx), cancellation, transport: httpTransportOf(ctx) })
      .finally(() => {
        settled = true;
      });
    try {
      await owe(this.http.owed, frame, work, (answer) => reply.finish(answer));
    } finally {
      // Shutdown's deadline answered in its place: what still runs (an open subscription) ends now.
      if (!settled) cancellation.abort('the request is answered');
    }
  }

  /** `stateless: true` for session-era clients: each request stands alone, in a session implied by its headers. */
  private async postImplied(ctx: Context, engine: McpEngine, frame: InboundFrame, version: string): Promise<void> {
    refuseBatch(frame, version);
    const initialize = isInitialize(frame);
    const auth = principalOf(ctx);
    const connection = engine.connect(DISCARD, {
      sessionless: true,
      auth,
      impliedVersion: initialize ? undefined : version,
    });
    try {
      if (!holdsRequests(frame)) {
        await connection.receiveClassified(frame);
        accepted(ctx);
        return;
      }
      const reply = this.reply(ctx, { settle: this.settleFor(undefined) });
      const work = connection.receiveClassified(frame, reply, { transport: httpTransportOf(ctx) });
      await owe(this.http.owed, frame, work, (answer) => reply.finish(answer));
    } finally {
      connection.close('the request is answered');
    }
  }

  /** Session era: `initialize` opens a session, everything else must name one. */
  private async postSession(ctx: Context, frame: InboundFrame): Promise<void> {
    const sessions = this.sessionTable();
    const initialize = isInitialize(frame);
    const id = headerOf(ctx, 'mcp-session-id');
    const auth = principalOf(ctx);
    let session: HttpSession | undefined;
    if (id) {
      // A session belongs to the principal that opened it; to anyone else it does not exist.
      const found = sessions.openNow(id, auth?.subject);
      session = found instanceof Promise ? await found : found;
      if (!session) throw HttpError.notFound(SESSION_NOT_FOUND);
    } else if (initialize) {
      refuseBeyondMaxSessions(sessions.size, this.options.maxSessions);
      session = sessions.create({ auth });
    } else {
      throw HttpError.badRequest('Mcp-Session-Id header is required');
    }
    const negotiated = session.connection.session?.protocolVersion;
    refuseBatch(frame, negotiated);
    // In use while the work runs: it does not expire meanwhile, and its idle clock restarts after.
    session.enter();
    try {
      if (!holdsRequests(frame)) {
        await session.connection.receiveClassified(frame, session, { auth });
        accepted(ctx);
      } else {
        const mode = this.options.responseMode ?? 'auto';
        const resumable = atLeast(negotiated, '2025-11-25');
        // A JSON-only endpoint never streams: nothing to open a channel for, prime or time.
        const streams = mode !== 'json';
        const named = session;
        const reply = this.reply(ctx, {
          headers: { 'Mcp-Session-Id': session.id },
          openChannel: streams ? () => this.claimed(named.newChannel(), frame, resumable) : undefined,
          priming: streams && resumable ? { retryMs: this.options.retryMs ?? HTTP_DEFAULTS.retryMs } : undefined,
          streamAfterMs: streams && resumable ? (this.options.streamAfterMs ?? HTTP_DEFAULTS.streamAfterMs) : undefined,
          aside: session,
          settle: this.settleFor(session.connection.session?.clientInfo),
        });
        const work = session.connection.receiveClassified(frame, reply, { auth, transport: httpTransportOf(ctx) });
        await owe(this.http.owed, frame, work, (answer) => reply.finish(answer));
        if (reply.channel) session.retire(reply.channel);
      }
    } finally {
      session.leave();
    }
    if (initialize && !id && !session.connection.session) sessions.discard(session.id);
  }

  /** The standalone stream, or the resumption of a stream the client lost (`Last-Event-ID`). */
  private async get(ctx: Context): Promise<void> {
    this.refuseSessionless(ctx, 'GET');
    requireAccept(ctx, SSE_TYPE);
    const session = await this.sessionOf(ctx);
    checkVersion(decodeHeader(ctx.get('mcp-protocol-version')));
    const headers = { 'Mcp-Session-Id': session.id };
    const lastEventId = ctx.get('last-event-id');
    if (lastEventId) return this.resume(ctx, session, lastEventId);
    if (session.standalone?.attached || !(await this.holds.holdStandalone(session.id))) {
      throw new HttpError(
        'conflict',
        ErrorCode.ConnectionClosed,
        'Conflict: this session already has a standalone stream',
      );
    }
    this.openStandalone(session, this.http.openStream(ctx, headers));
  }

  private openStandalone(session: HttpSession, stream: SseStream): void {
    const retryMs = this.options.retryMs ?? HTTP_DEFAULTS.retryMs;
    const primed = atLeast(session.connection.session?.protocolVersion, '2025-11-25');
    session.openStandalone().open(stream, primed ? { retryMs } : undefined);
    stream.onClose(() => this.holds.releaseStandalone(session.id));
  }

  /** A resumable POST stream's channel, its requests recorded where other instances can find them. */
  private claimed(channel: EventChannel, frame: InboundFrame, resumable: boolean): EventChannel {
    // Alone (no shared bus), this instance is the only one that could run the request: nothing to record.
    if (resumable && this.started().bus.shared) this.holds.recordStream(channel.streamId, frame);
    return channel;
  }

  /**
   * A stream the client lost, resumed after `lastEventId` on whichever instance got the GET: the
   * stream's channel if it lives here; else the shared log, then (for a request still running on
   * another instance) its live events relayed over the bus, or (for the standalone stream) this
   * GET becomes the session's standalone stream here.
   */
  private async resume(ctx: Context, session: HttpSession, lastEventId: string): Promise<void> {
    const streamId = parseEventId(lastEventId)?.streamId;
    if (!streamId || !session.owns(streamId)) throw HttpError.notFound(`no stream has the event ${lastEventId}`);
    const follower = new FollowedStream();
    // Listening starts before the replay, so no event falls between the log and the live ones.
    this.sessionTable().follow(streamId, follower);
    const missed: { id: string; message: JsonRpcMessage }[] = [];
    let known: string | undefined;
    try {
      known = await this.store.replayAfter(lastEventId, (id, message) => {
        missed.push({ id, message });
      });
    } finally {
      if (known !== streamId) follower.cancel();
    }
    if (known !== streamId) throw HttpError.notFound(`no stream has the event ${lastEventId}`);
    const stream = this.http.openStream(ctx, { 'Mcp-Session-Id': session.id });
    const live = session.live(streamId);
    if (live) {
      follower.cancel();
      return void (await live.resume(stream, lastEventId));
    }
    if (!HttpSession.isStandalone(streamId)) {
      follower.start(stream, missed);
      return this.holds.watchOwner(streamId, follower);
    }
    follower.cancel();
    for (const event of missed) stream.sendMessage(event.message, event.id);
    // The replay is written already: a hold that cannot be taken (another live holder, Redis out of reach) only ends it.
    const held = !session.standalone?.attached && (await this.holds.holdStandalone(session.id).catch(() => false));
    if (!held) return void stream.end();
    this.openStandalone(session, stream);
  }

  private async delete(ctx: Context): Promise<void> {
    this.refuseSessionless(ctx, 'DELETE');
    const session = await this.sessionOf(ctx);
    await this.sessionTable().end(session.id, 'the client ended the session');
    ctx.status = 204;
  }

  private refuseSessionless(ctx: Context, method: string): void {
    if (decodeHeader(ctx.get('mcp-protocol-version')) === STATELESS_ERA_VERSION || this.options.stateless) {
      throw HttpError.methodNotAllowed(`${method} is not served: this endpoint keeps no sessions`, 'POST');
    }
  }

  /** The session the request names, from the store shared by every instance; 404 when there is none. */
  private async sessionOf(ctx: Context): Promise<HttpSession> {
    const id = headerOf(ctx, 'mcp-session-id');
    if (!id) throw HttpError.badRequest('Mcp-Session-Id header is required');
    // A session belongs to the principal that opened it; to anyone else it does not exist.
    const session = await this.sessionTable().open(id, principalOf(ctx)?.subject);
    if (!session) throw HttpError.notFound(SESSION_NOT_FOUND);
    return session;
  }

  private reply(ctx: Context, extra: Partial<ConstructorParameters<typeof PostReply>[0]>): PostReply {
    // Every field named (no spread): one object shape for every reply.
    return new PostReply({
      ctx,
      server: this.http,
      mode: this.options.responseMode ?? 'auto',
      headers: extra.headers ?? {},
      openChannel: extra.openChannel,
      priming: extra.priming,
      aside: extra.aside,
      streamAfterMs: extra.streamAfterMs,
      settle: extra.settle,
      era: extra.era,
    });
  }

  /** The progress-settle wrapper of one request, for clients that need it (see progress-settle.ts). */
  private settleFor(client: ClientIdentity | undefined): ProgressSettle | undefined {
    return progressSettle(this.engine?.options.progressSettleMs, client);
  }

  private sessionTable(): SessionTable {
    if (!this.sessions) throw HttpError.unavailable('The server is not started');
    return this.sessions;
  }

  private started(): McpEngine {
    if (!this.engine) throw HttpError.unavailable('The server is not started');
    return this.engine;
  }
}

/** How long a view serves a session without reading it; refused at start-up if the session could expire meanwhile. */
function refreshOf(options: StreamableHttpOptions, ttlMs: number): number {
  const refreshMs = options.sessionRefreshMs ?? defaultRefreshMs(ttlMs);
  if (refreshMs > 0 && refreshMs >= ttlMs) {
    throw new Error(
      `sessionRefreshMs (${refreshMs}) must be below sessionTtlMs (${ttlMs}): a session used only through ` +
        'views that are not read again would expire while in use. Lower it (0 reads the session for every request).',
    );
  }
  return refreshMs;
}

/** A request header as `ctx.get` reads it ('' when missing), without Koa's delegating getters. */
function headerOf(ctx: Context, name: string): string {
  const value = ctx.req.headers[name];
  return typeof value === 'string' ? value : value ? value.join(', ') : '';
}

function checkVersion(version: string): void {
  if (version && !ALL_VERSIONS.includes(version)) {
    throw HttpError.badRequest(`Unsupported MCP-Protocol-Version "${version}" (supported: ${ALL_VERSIONS.join(', ')})`);
  }
}

function isInitialize(frame: InboundFrame): boolean {
  return frame.kind === 'single' && frame.message.kind === 'request' && frame.message.method === 'initialize';
}

/** Whether the one message of the frame names its protocol version in `_meta` (2026-07-28). */
function namesItsVersion(frame: InboundFrame): boolean {
  return frame.kind === 'single' && frame.message.kind !== 'response' && frame.message.protocolVersion !== undefined;
}

/** The one batch policy (the engine's), answered as HTTP: the whole POST is refused, 400. */
function refuseBatch(frame: InboundFrame, version: string | undefined): void {
  const refused = batchFault(frame, version);
  if (refused) throw new HttpError('badRequest', refused.code, refused.message);
}
