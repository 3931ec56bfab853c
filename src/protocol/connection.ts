import { randomUUID } from 'node:crypto';
import type { AuthInfo } from '../context/client-exchange';
import {
  failure,
  isNotification,
  isResponse,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  notification,
} from '../core/protocol/json-rpc';
import { ErrorCode } from '../core/protocol/mcp-error';
import { allowsBatches } from '../core/protocol/versions';
import type { BusEvent } from '../core/stores/message-bus';
import type { RequestTransport } from '../telemetry/telemetry-options';
import { Cancellation } from './cancellation';
import type { Frame } from './codec';
import type { EngineCore } from './engine-core';
import type { Outbound } from './outbound';
import { serveRequest } from './request-seam';
import { ClientRequests } from './session/client-requests';
import { runSessionRequest, sessionTaskOwner } from './session/session-era';
import type { SessionState, StoredSession } from './session/session-state';
import { specFieldFault } from './spec-fields';
import { carriesEnvelope } from './stateless/envelope';
import { runStatelessRequest } from './stateless/stateless-era';

export interface ConnectionOptions {
  /** The verified caller, for every request of this connection. */
  auth?: AuthInfo;
  /** The id a transport gave this session (streamable HTTP, legacy SSE). */
  sessionId?: string;
  /** A session that exists without a handshake (session-era clients of a stateless HTTP deployment). */
  impliedSession?: SessionState;
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
  /** Aborts the handler (an HTTP client that went away in the stateless era). */
  signal?: AbortSignal;
  /** Overrides the connection's caller for this request. */
  auth?: AuthInfo;
  /** How the request arrived (stdio or HTTP, and the HTTP headers that may carry trace context). */
  transport?: RequestTransport;
}

/**
 * One client's conversation: a stdio process, an HTTP session, or the stateless traffic of an HTTP
 * endpoint. It routes each message to its era: a request naming its protocol version in `_meta`
 * is served statelessly; anything else belongs to the session that `initialize` opened.
 */
export class Connection {
  session?: SessionState;
  /** Identifies the connection where no session id does (stdio); tasks of anonymous clients are bound to it. */
  readonly id: string;
  readonly clientRequests: ClientRequests;
  endSessionTelemetry?: () => void;
  private readonly inflight = new Map<JsonRpcId, Cancellation>();
  private closed = false;
  private ended?: Promise<void>;
  private readonly listens = new Set<JsonRpcId>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly engine: EngineCore,
    readonly outbound: Outbound,
    readonly options: ConnectionOptions,
  ) {
    this.session = options.view ?? options.impliedSession;
    this.id = options.sessionId ?? randomUUID();
    this.clientRequests = new ClientRequests(
      engine.options.clientRequestTimeoutMs ?? 60_000,
      engine.options.maxPendingClientRequests,
      // Ids unique to this view: the client may answer through any instance, and only one may match.
      options.stored ? `${randomUUID().slice(0, 8)}-` : 's',
      engine.telemetry,
    );
    // A stored session hears broadcasts through its transport, which knows where its stream is.
    this.unsubscribe = options.stored ? () => undefined : engine.bus.subscribe((event) => this.announce(event));
  }

  async receive(frame: Frame, sink: Outbound = this.outbound, options: RequestOptions = {}) {
    if (frame.kind === 'single') return this.receiveMessage(frame.message, sink, options);
    if (!allowsBatches(this.session?.protocolVersion)) {
      return failure(null, {
        code: ErrorCode.InvalidRequest,
        message: `Invalid request: JSON-RPC batches are not supported in protocol ${this.session?.protocolVersion ?? 'negotiation'}; send one message at a time`,
      });
    }
    const responses = await Promise.all(frame.messages.map((m) => this.receiveMessage(m, sink, options)));
    const answered = responses.filter((r): r is JsonRpcResponse => r !== undefined);
    return answered.length > 0 ? answered : undefined;
  }

  async receiveMessage(
    message: JsonRpcMessage,
    sink: Outbound = this.outbound,
    options: RequestOptions = {},
  ): Promise<JsonRpcResponse | undefined> {
    if (isResponse(message)) {
      if (!this.clientRequests.settle(message) && this.options.stored) {
        this.engine.bus.publish({ type: 'client_response', sessionId: this.id, response: message });
      }
      return undefined;
    }
    if (isNotification(message)) {
      await this.onNotification(message);
      return undefined;
    }
    // (A request also satisfies the notification type guard's shape, hence the explicit type.)
    const request = message as JsonRpcRequest;
    const fault = specFieldFault(request);
    if (fault) return failure(request.id, fault.toJson());
    // A subscription stays open until it is cancelled: it is not work that shutdown should wait for.
    if (request.method === 'subscriptions/listen') return this.onRequest(request, sink, options);
    return this.engine.track(this.onRequest(request, sink, options));
  }

  /** Ends every open `subscriptions/listen` stream (shutdown, or the client went away). */
  endSubscriptions(reason = 'the server is shutting down'): void {
    for (const [id, cancellation] of this.inflight) if (this.listens.has(id)) cancellation.abort(reason);
  }

  /** Whether the request was running here (and is now aborted). */
  cancel(id: JsonRpcId, reason = 'cancelled by the client'): boolean {
    const running = this.inflight.get(id);
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
      if (session.elicitations.delete(event.elicitationId)) {
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
    for (const cancellation of this.inflight.values()) cancellation.abort(reason);
    this.clientRequests.rejectAll(reason);
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

  private async onRequest(request: JsonRpcRequest, sink: Outbound, options: RequestOptions) {
    if (this.inflight.has(request.id)) {
      return failure(request.id, {
        code: ErrorCode.InvalidRequest,
        message: `Invalid request: id ${JSON.stringify(request.id)} is already in use by a request in progress`,
      });
    }
    const cancellation = new Cancellation();
    const onAbort = () => cancellation.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.inflight.set(request.id, cancellation);
    if (request.method === 'subscriptions/listen') this.listens.add(request.id);
    const auth = options.auth ?? this.options.auth;
    const era = carriesEnvelope(request.params) ? 'stateless' : 'session';
    try {
      const response = await serveRequest(
        this,
        request,
        { era, auth, cancellation, transport: options.transport },
        () =>
          era === 'stateless'
            ? runStatelessRequest(this.engine, request, sink, cancellation, auth)
            : runSessionRequest(this, request, sink, cancellation, auth),
      );
      // A cancelled request gets no response (cancellation utility: receivers SHOULD NOT respond).
      return cancellation.aborted ? undefined : response;
    } finally {
      this.inflight.delete(request.id);
      this.listens.delete(request.id);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async onNotification(message: JsonRpcNotification): Promise<void> {
    const params = message.params ?? {};
    if (message.method === 'notifications/initialized') await this.session?.update({ initialized: true });
    if (message.method === 'notifications/roots/list_changed') await this.session?.update({ roots: null });
    if (
      message.method === 'notifications/cancelled' &&
      (typeof params.requestId === 'string' || typeof params.requestId === 'number')
    ) {
      const reason = typeof params.reason === 'string' ? params.reason : undefined;
      if (!this.cancel(params.requestId, reason) && this.options.stored) {
        this.engine.bus.publish({ type: 'request_cancelled', sessionId: this.id, requestId: params.requestId, reason });
      }
    }
  }
}
