import type { Context } from 'koa';
import { principalOf } from '../../auth/bearer-auth';
import type { Logger } from '../../core/logging/logger';
import { isRequest, type JsonRpcId, type JsonRpcMessage } from '../../core/protocol/json-rpc';
import { ErrorCode } from '../../core/protocol/mcp-error';
import {
  ALL_VERSIONS,
  allowsBatches,
  atLeast,
  DEFAULT_HTTP_VERSION,
  STATELESS_ERA_VERSION,
} from '../../core/protocol/versions';
import { type EventStore, parseEventId } from '../../core/stores/event-store';
import type { Holding, InstanceRegistry } from '../../core/stores/instance-registry';
import { DefinitionError } from '../../discovery/definition-error';
import type { Frame } from '../../protocol/codec';
import type { McpEngine } from '../../protocol/engine';
import { DISCARD } from '../../protocol/outbound';
import { SessionState } from '../../protocol/session/session-state';
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
import { SseStream } from './sse-stream';
import { requireAccept } from './streamable/accept';
import type { EventChannel } from './streamable/event-channel';
import { FollowedStream } from './streamable/followed-stream';
import { HttpSession } from './streamable/http-session';
import { PostReply } from './streamable/post-reply';
import { SessionTable } from './streamable/session-table';
import { checkStatelessHeaders, decodeHeader, envelopeVersion } from './streamable/stateless-headers';
import { defaultRefreshMs } from './streamable/view-freshness';

const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream';
/** How long the record of a resumable POST stream's instance and requests is kept: as long as its event log. */
const STREAM_HOLD_TTL_MS = 30 * 60_000;
/** A standalone stream's hold, renewed while the stream is open: once its instance dies, a new GET may take over. */
const STANDALONE_HOLD_TTL_MS = 60_000;
const streamKey = (streamId: string) => `stream:${streamId}`;
const standaloneKey = (sessionId: string) => `standalone:${sessionId}`;

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
  private readonly instances: InstanceRegistry;
  private readonly path: string;
  private engine?: McpEngine;
  private sessions?: SessionTable;

  constructor(
    private readonly logger: Logger,
    private readonly options: StreamableHttpOptions = {},
  ) {
    this.http = new HttpServer(options, logger);
    this.store = options.eventStore ?? new MemoryEventStore();
    this.instances = options.instances ?? new MemoryInstanceRegistry();
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
    if (this.options.stateless) refuseSessionBoundTools(engine);
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
    const frame = await readFrame(ctx, this.http.maxBodyBytes);
    const version = decodeHeader(ctx.get('mcp-protocol-version'));
    if (version === STATELESS_ERA_VERSION || envelopeVersion(frame) !== undefined) {
      return this.postStateless(ctx, frame);
    }
    checkVersion(version);
    if (this.options.stateless) return this.postImplied(ctx, frame, version || DEFAULT_HTTP_VERSION);
    return this.postSession(ctx, frame);
  }

  /** 2026-07-28: one request, its headers checked against its body, cancelled if the client leaves. */
  private async postStateless(ctx: Context, frame: Frame): Promise<void> {
    checkStatelessHeaders(ctx, frame, (tool) => this.started().registry.tools.get(tool)?.headers);
    const message = (frame as { message: JsonRpcMessage }).message;
    const connection = this.started().connect(DISCARD);
    try {
      if (!isRequest(message)) {
        await connection.receiveMessage(message);
        accepted(ctx);
        return;
      }
      const controller = new AbortController();
      ctx.res.once('close', () => {
        if (!ctx.res.writableFinished) controller.abort('the client disconnected');
      });
      const reply = this.reply(ctx, { era: 'stateless', settle: this.settleFor(requestClient(undefined, message)) });
      const auth = principalOf(ctx);
      const transport = httpTransportOf(ctx);
      const work = connection.receiveMessage(message, reply, { signal: controller.signal, auth, transport });
      await owe(this.http.owed, frame, work, (answer) => reply.finish(answer));
    } finally {
      connection.close('the request is answered');
    }
  }

  /** `stateless: true` for session-era clients: each request stands alone, in a session implied by its headers. */
  private async postImplied(ctx: Context, frame: Frame, version: string): Promise<void> {
    refuseBatch(frame, version);
    const initialize = frame.kind === 'single' && isRequest(frame.message) && frame.message.method === 'initialize';
    const implied = new SessionState(version, {}, undefined);
    implied.initialized = true;
    implied.sessionless = true;
    const auth = principalOf(ctx);
    const connection = this.started().connect(
      DISCARD,
      initialize ? { sessionless: true, auth } : { impliedSession: implied, sessionless: true, auth },
    );
    try {
      if (!hasRequests(frame)) {
        await connection.receive(frame);
        accepted(ctx);
        return;
      }
      const reply = this.reply(ctx, { settle: this.settleFor(undefined) });
      const work = connection.receive(frame, reply, { transport: httpTransportOf(ctx) });
      await owe(this.http.owed, frame, work, (answer) => reply.finish(answer));
    } finally {
      connection.close('the request is answered');
    }
  }

  /** Session era: `initialize` opens a session, everything else must name one. */
  private async postSession(ctx: Context, frame: Frame): Promise<void> {
    const sessions = this.sessionTable();
    const initialize = frame.kind === 'single' && isRequest(frame.message) && frame.message.method === 'initialize';
    const id = ctx.get('mcp-session-id');
    let session: HttpSession;
    if (id) {
      session = await this.sessionOf(ctx);
    } else if (initialize) {
      session = sessions.create({ auth: principalOf(ctx) });
    } else {
      throw HttpError.badRequest('Mcp-Session-Id header is required');
    }
    const negotiated = session.connection.session?.protocolVersion;
    refuseBatch(frame, negotiated);
    const auth = principalOf(ctx);
    await session.during(async () => {
      if (!hasRequests(frame)) {
        await session.connection.receive(frame, session, { auth });
        accepted(ctx);
        return;
      }
      const retryMs = this.options.retryMs ?? HTTP_DEFAULTS.retryMs;
      const resumable = atLeast(negotiated, '2025-11-25');
      const reply = this.reply(ctx, {
        headers: { 'Mcp-Session-Id': session.id },
        openChannel: () => this.claimed(session.newChannel(), frame, resumable),
        priming: resumable ? { retryMs } : undefined,
        streamAfterMs: resumable ? (this.options.streamAfterMs ?? HTTP_DEFAULTS.streamAfterMs) : undefined,
        aside: session,
        settle: this.settleFor(session.connection.session?.clientInfo),
      });
      const work = session.connection.receive(frame, reply, { auth, transport: httpTransportOf(ctx) });
      await owe(this.http.owed, frame, work, (answer) => reply.finish(answer));
      if (reply.channel) session.retire(reply.channel);
    });
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
    if (session.standalone?.attached || !(await this.holdStandalone(session))) {
      throw new HttpError(
        'conflict',
        ErrorCode.ConnectionClosed,
        'Conflict: this session already has a standalone stream',
      );
    }
    this.openStandalone(session, this.http.track(new SseStream(ctx, this.http.keepAliveMs, headers)));
  }

  /**
   * One standalone stream per session across every instance: the hold names this instance, and
   * is refused while another live instance holds it; a dead holder's hold is taken over.
   */
  private async holdStandalone(session: HttpSession): Promise<boolean> {
    const key = standaloneKey(session.id);
    const { refusedBy } = await this.instances.hold(key, {
      ttlMs: STANDALONE_HOLD_TTL_MS,
      exclusive: true,
      renew: true,
    });
    return refusedBy === undefined;
  }

  private openStandalone(session: HttpSession, stream: SseStream): void {
    const retryMs = this.options.retryMs ?? HTTP_DEFAULTS.retryMs;
    const primed = atLeast(session.connection.session?.protocolVersion, '2025-11-25');
    session.openStandalone().open(stream, primed ? { retryMs } : undefined);
    stream.onClose(() => {
      this.instances.release(standaloneKey(session.id)).catch((error: unknown) => {
        this.logger.warn('could not release the standalone stream of session %s: %s', session.id, String(error));
      });
    });
  }

  /**
   * A resumable POST stream records its instance and its requests, so that if this instance dies
   * the instance its client resumes on can answer those requests with an error saying to retry.
   */
  private claimed(channel: EventChannel, frame: Frame, resumable: boolean): EventChannel {
    // Alone (no shared bus), this instance is the only one that could run the request: nothing to record.
    if (!resumable || !this.started().bus.shared) return channel;
    const messages = frame.kind === 'single' ? [frame.message] : frame.messages;
    const requests: JsonRpcId[] = messages.filter(isRequest).map((message) => message.id);
    this.instances
      .hold(streamKey(channel.streamId), { ttlMs: STREAM_HOLD_TTL_MS, detail: { requests } })
      .catch((error: unknown) => {
        this.logger.warn('could not record the owner of stream %s: %s', channel.streamId, String(error));
      });
    return channel;
  }

  /**
   * A followed stream ends with an error for its requests if the instance running them dies (or
   * died already): found through the stream's record, watched at every heartbeat interval.
   */
  private async watchOwner(streamId: string, follower: FollowedStream): Promise<void> {
    let owner: Holding | undefined;
    try {
      owner = await this.instances.holderOf(streamKey(streamId));
    } catch (error) {
      this.logger.warn('could not read the owner of stream %s: %s', streamId, String(error));
      return;
    }
    if (!owner || owner.instanceId === this.instances.instanceId || follower.finished) return;
    const requests = (owner.detail?.requests ?? []) as JsonRpcId[];
    follower.unwatch = this.instances.watch(owner.instanceId, () => follower.lost(requests));
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
    const stream = this.http.track(new SseStream(ctx, this.http.keepAliveMs, { 'Mcp-Session-Id': session.id }));
    const live = session.live(streamId);
    if (live) {
      follower.cancel();
      return void (await live.resume(stream, lastEventId));
    }
    if (!HttpSession.isStandalone(streamId)) {
      follower.start(stream, missed);
      return this.watchOwner(streamId, follower);
    }
    follower.cancel();
    for (const event of missed) stream.sendMessage(event.message, event.id);
    // The replay is written already: a hold that cannot be taken (another live holder, Redis out of reach) only ends it.
    const held = !session.standalone?.attached && (await this.holdStandalone(session).catch(() => false));
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
    const id = ctx.get('mcp-session-id');
    if (!id) throw HttpError.badRequest('Mcp-Session-Id header is required');
    // A session belongs to the principal that opened it; to anyone else it does not exist.
    const session = await this.sessionTable().open(id, principalOf(ctx)?.subject);
    if (!session) throw HttpError.notFound('Session not found; it may have expired: initialize a new one');
    return session;
  }

  private reply(ctx: Context, extra: Partial<ConstructorParameters<typeof PostReply>[0]>): PostReply {
    return new PostReply({
      ctx,
      server: this.http,
      mode: this.options.responseMode ?? 'auto',
      headers: {},
      ...extra,
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

function checkVersion(version: string): void {
  if (version && !ALL_VERSIONS.includes(version)) {
    throw HttpError.badRequest(`Unsupported MCP-Protocol-Version "${version}" (supported: ${ALL_VERSIONS.join(', ')})`);
  }
}

function hasRequests(frame: Frame): boolean {
  return frame.kind === 'single' ? isRequest(frame.message) : frame.messages.some(isRequest);
}

function refuseBatch(frame: Frame, version: string | undefined): void {
  if (frame.kind === 'batch' && !allowsBatches(version)) {
    throw new HttpError(
      'badRequest',
      ErrorCode.InvalidRequest,
      `Invalid request: JSON-RPC batches are not supported in protocol ${version ?? 'negotiation'}; send one message at a time`,
    );
  }
}

/**
 * Session-era clients of a deployment without sessions cannot poll tasks, so a tool that only runs
 * as a task could never be called by them: refuse to start, naming the tools and the way out.
 */
function refuseSessionBoundTools(engine: McpEngine): void {
  const bound = engine.registry.tools.enabled().filter((tool) => tool.spec.taskSupport === 'required');
  if (bound.length === 0) return;
  throw new DefinitionError(
    bound.map((tool) => tool.spec.owner).join(', '),
    "taskSupport 'required' needs sessions, and this server is configured with stateless: true; " +
      "make the tools taskSupport 'optional' or serve with sessions",
  );
}
