import { randomUUID } from 'node:crypto';
import type { AuthInfo } from '../context/client-exchange';
import { faultAnswer } from '../core/protocol/error-funnel';
import {
  failure,
  type JsonObject,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcResponse,
  notification,
} from '../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import type { BusEvent } from '../core/stores/message-bus';
import type { RequestTransport } from '../telemetry/telemetry-options';
import { Cancellation } from './cancellation';
import type { Frame } from './codec';
import type { EngineCore } from './engine-core';
import {
  batchFault,
  classify,
  classifyFrame,
  type Inbound,
  type InboundFrame,
  type InboundNotification,
  type InboundRequest,
} from './inbound';
import type { Outbound } from './outbound';
import { type SeamRequest, serveRequest } from './request-seam';
import { ClientRequests } from './session/client-requests';
import { impliedSession, runSessionRequest, sessionTaskOwner } from './session/session-era';
import type { SessionState, StoredSession } from './session/session-state';
import { runStatelessRequest } from './stateless/stateless-era';

export interface ConnectionOptions {
  /** The verified caller, for every request of this connection. */
  auth?: AuthInfo;
  /** The id a transport gave this session (streamable HTTP, legacy SSE). */
  sessionId?: string;
  /**
   * A session that exists without a handshake, speaking this version (session-era clients of a
   * stateless HTTP deployment, for every request but `initialize`).
   */
  impliedVersion?: string;
  /** Serve session-era requests without remembering anything between them (`stateless: true`). */
  sessionless?: boolean;
  /**
   * Keep the session in this store (streamable HTTP): any instance sharing it can serve the
   * session, and what this connection cannot settle itself (a client's answer, a cancellation)
   * is published on the bus for the instance that can.
   */
  stored?: StoredSession;
  /** A view of a session already stored (loaded by an instance that did not open it). */
  view?: SessionState;
}

export interface RequestOptions {
  /** The request's cancellation, when the transport can end it too (an HTTP client that went away). */
  cancellation?: Cancellation;
  /** Overrides the connection's caller for this request. */
  auth?: AuthInfo;
  /** How the request arrived (stdio or HTTP, and the HTTP headers that may carry trace context). */
  transport?: RequestTransport;
}

/**
 * One client's conversation: a stdio process, an HTTP session, a legacy SSE stream, or one request
 * of a deployment without sessions. Each message is classified once (inbound.ts) and goes to its
 * era: a request naming its protocol version in `_meta` is served statelessly; anything else
 * belongs to the session that `initialize` opened. (A 2026-07-28 HTTP request needs no connection:
 * `McpEngine.serveAlone`.)
 */
export class Connection {
  session?: SessionState;
  endSessionTelemetry?: () => void;
  private connectionId?: string;
  private requests?: ClientRequests;
  /**
   * The requests running here, by id: the first in two fields, the others in a Map made while more
   * than one runs. Most connections run one request at a time, and an idle one holds no table.
   */
  private soloId?: JsonRpcId;
  private solo?: Cancellation;
  private others?: Map<JsonRpcId, Cancellation>;
  private closed = false;
  private ended?: Promise<void>;
  /** Which of the running requests are `subscriptions/listen` streams, while there are any. */
  private listens?: Set<JsonRpcId>;
  private readonly unsubscribe: () => void;

  constructor(
    readonly engine: EngineCore,
    readonly outbound: Outbound,
    readonly options: ConnectionOptions,
  ) {
    this.session = options.view ?? (options.impliedVersion ? impliedSession(options.impliedVersion) : undefined);
    // A stored session hears broadcasts through its transport, which knows where its stream is; a
    // sessionless one has nowhere to tell them.
    this.unsubscribe = options.stored || options.sessionless ? hearsNothing : hearBroadcasts(this);
  }

  /** Identifies the connection where no session id does (stdio); tasks of anonymous clients are bound to it. */
  get id(): string {
    this.connectionId ??= this.options.sessionId ?? randomUUID();
    return this.connectionId;
  }

  /** The server-to-client requests waiting on this connection's client (made when the first is sent). */
  get clientRequests(): ClientRequests {
    this.requests ??= new ClientRequests(
      this.engine.options.clientRequestTimeoutMs ?? 60_000,
      this.engine.options.maxPendingClientRequests,
      // Ids unique to this view: the client may answer through any instance, and only one may match.
      this.options.stored ? `${randomUUID().slice(0, 8)}-` : 's',
      this.engine.telemetry,
    );
    return this.requests;
  }

  /** A decoded frame from the transport: classified here, once (transports that looked already pass `receiveClassified`). */
  receive(frame: Frame, sink: Outbound = this.outbound, options: RequestOptions = {}) {
    return this.receiveClassified(classifyFrame(frame), sink, options);
  }

  /**
   * Not async: a single message hands back its own answer's promise (an async wrapper would add a
   * promise and two ticks to every request); a batch is answered by `receiveBatch`.
   */
  receiveClassified(
    frame: InboundFrame,
    sink: Outbound = this.outbound,
    options: RequestOptions = {},
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    if (frame.kind === 'single') return this.receiveInbound(frame.message, sink, options);
    return this.receiveBatch(frame, sink, options);
  }

  private async receiveBatch(
    frame: Extract<InboundFrame, { kind: 'batch' }>,
    sink: Outbound,
    options: RequestOptions,
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    const refused = batchFault(frame, this.session?.protocolVersion);
    if (refused) return faultAnswer(null, refused);
    const responses = await Promise.all(frame.messages.map((m) => this.receiveInbound(m, sink, options)));
    const answered = responses.filter((r): r is JsonRpcResponse => r !== undefined);
    return answered.length > 0 ? answered : undefined;
  }

  receiveMessage(
    message: JsonRpcMessage,
    sink: Outbound = this.outbound,
    options: RequestOptions = {},
  ): Promise<JsonRpcResponse | undefined> {
    return this.receiveInbound(classify(message), sink, options);
  }

  /** Not async either: a request's answer is `onRequest`'s own promise (its own count for shutdown, no `finally` chain). */
  private receiveInbound(
    message: Inbound,
    sink: Outbound,
    options: RequestOptions,
  ): Promise<JsonRpcResponse | undefined> {
    if (message.kind === 'request') {
      if (message.fault) return Promise.resolve(faultAnswer(message.id, message.fault));
      return this.onRequest(message, sink, options);
    }
    return this.receiveOther(message);
  }

  private async receiveOther(message: Exclude<Inbound, InboundRequest>): Promise<undefined> {
    if (message.kind === 'response') {
      if (!this.requests?.settle(message.message) && this.options.stored) {
        this.engine.bus.publish({ type: 'client_response', sessionId: this.id, response: message.message });
      }
      return undefined;
    }
    await this.onNotification(message);
    return undefined;
  }

  /** Ends every open `subscriptions/listen` stream (shutdown, or the client went away). */
  endSubscriptions(reason = 'the server is shutting down'): void {
    const listens = this.listens;
    if (!listens) return;
    for (const id of [...listens]) this.running(id)?.abort(reason);
  }

  /** Whether the request was running here (and is now aborted). */
  cancel(id: JsonRpcId, reason = 'cancelled by the client'): boolean {
    const running = this.running(id);
    running?.abort(reason);
    return running !== undefined;
  }

  /**
   * Tells the client of a change it hears about (list changed, a subscribed resource updated, a
   * URL elicitation completed). Session era only: stateless clients hear of changes through
   * `subscriptions/listen`.
   */
  announce(event: BusEvent): void {
    const session = this.session;
    if (!session?.initialized || this.closed) return;
    if (event.type === 'list_changed') this.outbound.send(notification(`notifications/${event.list}/list_changed`));
    else if (event.type === 'elicitation_complete') {
      if (session.elicitationDone(event.elicitationId)) {
        void session.update({ removeElicitations: [event.elicitationId] }).catch(() => undefined);
        this.outbound.send(notification('notifications/elicitation/complete', { elicitationId: event.elicitationId }));
      }
    } else if (event.type === 'resource_updated' && session.subscriptions.has(event.uri)) {
      this.outbound.send(notification('notifications/resources/updated', { uri: event.uri }));
    }
  }

  /** Aborts what is in flight and fails what waits on the client; the session ends. */
  close(reason = 'the connection closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.solo?.abort(reason);
    for (const cancellation of this.others?.values() ?? []) cancellation.abort(reason);
    this.requests?.rejectAll(reason);
    this.unsubscribe();
    this.endSessionTelemetry?.();
  }

  /**
   * The session is over for good (the client ended it, it expired, its stdio or legacy SSE stream
   * closed): the connection closes, and the tasks an anonymous client left are cancelled and
   * dropped (a principal's tasks outlive the session; their ttl bounds them). Never rejects.
   */
  end(reason = 'the session ended'): Promise<void> {
    this.close(reason);
    this.ended ??= this.engine.tasks.forget(sessionTaskOwner(this.id), reason).then(
      () => undefined,
      (error: unknown) =>
        this.engine.logger.warn('could not drop the tasks of session %s: %s', this.id, (error as Error).message),
    );
    return this.ended;
  }

  /** Not async: the seam's own promise is the answer, and the seam says when the request settled. */
  private onRequest(
    request: InboundRequest,
    sink: Outbound,
    options: RequestOptions,
  ): Promise<JsonRpcResponse | undefined> {
    if (this.running(request.id)) {
      return Promise.resolve(
        failure(request.id, {
          code: ErrorCode.InvalidRequest,
          message: `Invalid request: id ${JSON.stringify(request.id)} is already in use by a request in progress`,
        }),
      );
    }
    const running = (this.solo ? 1 : 0) + (this.others?.size ?? 0);
    if (running >= (this.engine.options.maxRequestsInFlight ?? MAX_REQUESTS_IN_FLIGHT)) {
      return Promise.resolve(faultAnswer(request.id, tooManyInFlight(this.engine.options.maxRequestsInFlight)));
    }
    const cancellation = options.cancellation ?? new Cancellation();
    this.started(request.id, cancellation);
    // A subscription stays open until it is cancelled: it is not work that shutdown should wait for.
    if (request.method === 'subscriptions/listen') {
      this.listens ??= new Set();
      this.listens.add(request.id);
    } else this.engine.working(1);
    const auth = options.auth ?? this.options.auth;
    return serveRequest(
      this.engine,
      request,
      { auth, cancellation, transport: options.transport, connection: this, sink },
      this,
    );
  }

  /** Called by the seam: the request in its era. */
  runRequest(request: InboundRequest, { sink, cancellation, auth }: SeamRequest): JsonObject | Promise<JsonObject> {
    return request.era === 'stateless'
      ? runStatelessRequest(this.engine, request, sink, cancellation, auth)
      : runSessionRequest(this, request, sink, cancellation, auth);
  }

  /** Called by the seam once a request's answer is settled. */
  requestSettled(request: InboundRequest): void {
    this.finished(request.id);
    if (request.method !== 'subscriptions/listen') this.engine.working(-1);
    else if (this.listens?.delete(request.id) && this.listens.size === 0) this.listens = undefined;
  }

  private running(id: JsonRpcId): Cancellation | undefined {
    return this.solo && this.soloId === id ? this.solo : this.others?.get(id);
  }

  private started(id: JsonRpcId, cancellation: Cancellation): void {
    if (this.solo) {
      this.others ??= new Map();
      this.others.set(id, cancellation);
    } else {
      this.soloId = id;
      this.solo = cancellation;
    }
  }

  private finished(id: JsonRpcId): void {
    if (this.solo && this.soloId === id) {
      this.solo = undefined;
      this.soloId = undefined;
    } else if (this.others?.delete(id) && this.others.size === 0) this.others = undefined;
  }

  private async onNotification({ method, params }: InboundNotification): Promise<void> {
    if (method === 'notifications/initialized') await this.session?.update({ initialized: true });
    if (method === 'notifications/roots/list_changed') await this.session?.update({ roots: null });
    if (
      method === 'notifications/cancelled' &&
      (typeof params.requestId === 'string' || typeof params.requestId === 'number')
    ) {
      const reason = typeof params.reason === 'string' ? params.reason : undefined;
      if (!this.cancel(params.requestId, reason) && this.options.stored) {
        this.engine.bus.publish({ type: 'request_cancelled', sessionId: this.id, requestId: params.requestId, reason });
      }
    }
  }
}

/** The unsubscribe of a connection that subscribed to nothing: one function shared by all of them. */
function hearsNothing(): void {}

/** Subscribes a connection to the engine's broadcasts (outside its constructor: no closure over it for those that do not). */
function hearBroadcasts(connection: Connection): () => void {
  return connection.engine.bus.subscribe((event) => connection.announce(event));
}

/** How many of one session's requests may run at once unless `maxRequestsInFlight` says otherwise. */
const MAX_REQUESTS_IN_FLIGHT = 1000;

function tooManyInFlight(max = MAX_REQUESTS_IN_FLIGHT): McpError {
  return new McpError(
    ErrorCode.InternalError,
    `This session already has ${max} requests running (maxRequestsInFlight); send more once some have finished`,
    { limit: 'maxRequestsInFlight', max },
  );
}
