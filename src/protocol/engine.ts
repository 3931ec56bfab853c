import type { AuthInfo } from '../context/client-exchange';
import type { Logger } from '../core/logging/logger';
import { ErrorFunnel, faultAnswer } from '../core/protocol/error-funnel';
import type { JsonObject, JsonRpcResponse } from '../core/protocol/json-rpc';
import type { MessageBus } from '../core/stores/message-bus';
import type { SessionStore } from '../core/stores/session-store';
import type { TaskStore } from '../core/stores/task-store';
import { DefinitionError } from '../discovery/definition-error';
import { deriveCapabilities, type ServerCapabilities } from '../features/capabilities';
import type { MethodSpec } from '../features/method';
import type { ServerOptions } from '../metadata/types';
import { CallPipeline } from '../pipeline/call-pipeline';
import type { Resolve } from '../pipeline/enhancers';
import type { McpRegistry } from '../registry/mcp-registry';
import { TaskManager } from '../tasks/task-manager';
import { McpTelemetry } from '../telemetry/mcp-telemetry';
import type { RequestTransport } from '../telemetry/telemetry-options';
import type { Cancellation } from './cancellation';
import type { Frame } from './codec';
import { Connection, type ConnectionOptions } from './connection';
import type { EngineCore } from './engine-core';
import type { EngineOptions } from './engine-options';
import { classifyFrame, type Inbound, type InboundFrame, type InboundRequest } from './inbound';
import type { Outbound } from './outbound';
import { type SeamRequest, serveRequest } from './request-seam';
import { type RoutingHeader, routingHeadersOf } from './routing-headers';
import { StateSealer } from './stateless/sealed-state';
import { runStatelessRequest } from './stateless/stateless-era';

/** What a transport knows of a request it hands to the engine alone. */
export interface AloneOptions {
  auth?: AuthInfo;
  /** Ends the request (the HTTP client went away, or shutdown's deadline passed). */
  cancellation: Cancellation;
  transport?: RequestTransport;
}

/** What the engine is built from; the application chooses each part (the stores' defaults included). */
export interface EngineParts {
  registry: McpRegistry;
  server: ServerOptions;
  /** The request methods the engine answers (the features' method table). */
  methods: ReadonlyMap<string, MethodSpec>;
  bus: MessageBus;
  taskStore: TaskStore;
  /** Where session-era sessions live (streamable HTTP serves a session on any instance sharing it). */
  sessions: SessionStore;
  logger: Logger;
  /** Builds guards, interceptors, pipes and filters given as classes (the application's container). */
  resolve?: Resolve;
}

/**
 * The transport-agnostic MCP server: it knows the registry, the server's identity and its method
 * table, and nothing of bytes. Its front door (`classify`) reads each message once; transports then
 * feed a connection (a session, a stdio process) or, for a 2026-07-28 request, `serveAlone`.
 */
export class McpEngine implements EngineCore {
  readonly registry: McpRegistry;
  readonly server: ServerOptions;
  readonly methods: ReadonlyMap<string, MethodSpec>;
  readonly logger: Logger;
  readonly errors: ErrorFunnel;
  readonly sealer: StateSealer;
  readonly bus: MessageBus;
  readonly sessions: SessionStore;
  readonly tasks: TaskManager;
  readonly pipeline: CallPipeline;
  readonly telemetry: McpTelemetry;
  private capabilitiesCache?: ServerCapabilities;
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    parts: EngineParts,
    readonly options: EngineOptions = {},
  ) {
    const { registry, logger, resolve = (cls) => new cls() } = parts;
    for (const limit of ['maxPendingClientRequests', 'maxRequestsInFlight'] as const) {
      const max = options[limit];
      if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
        throw new Error(`${limit} must be a whole number of at least 1, not ${String(max)}`);
      }
    }
    this.registry = registry;
    this.server = parts.server;
    this.methods = parts.methods;
    this.logger = logger;
    this.errors = new ErrorFunnel(logger, options.exposeErrors);
    const { guards, interceptors, pipes, filters, timeoutMs, counterStore } = options;
    this.pipeline = new CallPipeline(
      { guards, interceptors, pipes, filters, timeoutMs },
      { resolve, messages: this.errors, logger, counters: counterStore },
    );
    registry.checkWith((component) => this.pipeline.prepare([component]));
    this.sealer = new StateSealer({ key: options.stateKey, ttlMs: options.stateTtlMs });
    this.bus = parts.bus;
    this.sessions = parts.sessions;
    this.tasks = new TaskManager(
      parts.taskStore,
      options.tasks,
      {
        cancel: (taskId, reason) => this.bus.publish({ type: 'task_cancel', taskId, reason }),
        input: (taskId, responses) => this.bus.publish({ type: 'task_input', taskId, responses }),
      },
      this.errors,
    );
    // Task control that arrived on another instance, for the tasks running on this one.
    this.bus.subscribe((event) => {
      if (event.type === 'task_cancel') this.tasks.abortHere(event.taskId, event.reason ?? 'the task was cancelled');
      else if (event.type === 'task_input') this.tasks.answerHere(event.taskId, event.responses);
    });
    this.telemetry = new McpTelemetry(options.telemetry);
    registry.onListChanged((list) => {
      this.capabilitiesCache = undefined;
      this.bus.publish({ type: 'list_changed', list });
    });
  }

  capabilities(): ServerCapabilities {
    this.capabilitiesCache ??= deriveCapabilities(this.registry);
    return this.capabilitiesCache;
  }

  connect(outbound: Outbound, options: ConnectionOptions = {}): Connection {
    return new Connection(this, outbound, options);
  }

  /** The front door: every message of a decoded frame, classified once (era, envelope, method). */
  classify(frame: Frame): InboundFrame {
    return classifyFrame(frame);
  }

  /**
   * Serves one message that belongs to no connection: a 2026-07-28 request, which carries all it
   * needs in its envelope. Nothing is built for it but its exchange (no connection, no id, no bus
   * subscription). A notification or response alone changes nothing: undefined. A cancelled
   * request gets no response either.
   */
  serveAlone(message: Inbound, sink: Outbound, options: AloneOptions): Promise<JsonRpcResponse | undefined> {
    if (message.kind !== 'request') return Promise.resolve(undefined);
    if (message.fault) return Promise.resolve(faultAnswer(message.id, message.fault));
    // A subscription stays open until it is cancelled: it is not work that shutdown should wait for.
    if (message.method !== 'subscriptions/listen') this.working(1);
    const { auth, cancellation, transport } = options;
    return serveRequest(this, message, { auth, cancellation, transport, sink }, this);
  }

  /** Called by the seam for a request served alone. */
  runRequest(request: InboundRequest, { sink, cancellation, auth }: SeamRequest): Promise<JsonObject> {
    return runStatelessRequest(this, request, sink, cancellation, auth);
  }

  /** Called by the seam once a request served alone has settled. */
  requestSettled(request: InboundRequest): void {
    if (request.method !== 'subscriptions/listen') this.working(-1);
  }

  /** The `Mcp-Param-*` headers a 2026-07-28 HTTP request must carry beside its body (HTTP checks them). */
  routingHeaders(request: InboundRequest): RoutingHeader[] {
    return routingHeadersOf(this.registry, request);
  }

  /**
   * Session-era clients of a deployment without sessions cannot poll tasks, so a tool that only runs
   * as a task could never be called by them: refuse to start, naming the tools and the way out.
   */
  refuseSessionBoundTools(): void {
    const bound = this.registry.tools.enabled().filter((tool) => tool.spec.taskSupport === 'required');
    if (bound.length === 0) return;
    throw new DefinitionError(
      bound.map((tool) => tool.spec.owner).join(', '),
      "taskSupport 'required' needs sessions, and this server is configured with stateless: true; " +
        "make the tools taskSupport 'optional' or serve with sessions",
    );
  }

  /** Tells every client subscribed to `uri` that the resource changed, through the bus. */
  resourceUpdated(uri: string): void {
    this.bus.publish({ type: 'resource_updated', uri });
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.working(1);
    return work.finally(() => this.working(-1));
  }

  working(delta: 1 | -1): void {
    this.inflight += delta;
    if (this.inflight === 0 && this.idleWaiters.length > 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Resolves when no request is being handled: graceful shutdown waits for this. */
  idle(): Promise<void> {
    return this.inflight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
