import type { Logger } from '../core/logging/logger';
import { ErrorFunnel } from '../core/protocol/error-funnel';
import type { MessageBus } from '../core/stores/message-bus';
import type { SessionStore } from '../core/stores/session-store';
import type { TaskStore } from '../core/stores/task-store';
import { deriveCapabilities, type ServerCapabilities } from '../features/capabilities';
import type { MethodSpec } from '../features/method';
import type { ServerOptions } from '../metadata/types';
import { CallPipeline } from '../pipeline/call-pipeline';
import type { Resolve } from '../pipeline/enhancers';
import type { McpRegistry } from '../registry/mcp-registry';
import { TaskManager } from '../tasks/task-manager';
import { McpTelemetry } from '../telemetry/mcp-telemetry';
import { Connection, type ConnectionOptions } from './connection';
import type { EngineCore } from './engine-core';
import type { EngineOptions } from './engine-options';
import type { Outbound } from './outbound';
import { StateSealer } from './stateless/sealed-state';

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
 * table, and nothing of bytes. Transports open connections and feed them messages.
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
    const { maxPendingClientRequests: maxPending } = options;
    if (maxPending !== undefined && !(Number.isInteger(maxPending) && maxPending >= 1)) {
      throw new Error(`maxPendingClientRequests must be a whole number of at least 1, not ${String(maxPending)}`);
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
    this.tasks = new TaskManager(parts.taskStore, options.tasks, {
      cancel: (taskId, reason) => this.bus.publish({ type: 'task_cancel', taskId, reason }),
      input: (taskId, responses) => this.bus.publish({ type: 'task_input', taskId, responses }),
    });
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

  /** Tells every client subscribed to `uri` that the resource changed, through the bus. */
  resourceUpdated(uri: string): void {
    this.bus.publish({ type: 'resource_updated', uri });
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.inflight++;
    return work.finally(() => {
      if (--this.inflight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }

  /** Resolves when no request is being handled: graceful shutdown waits for this. */
  idle(): Promise<void> {
    return this.inflight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
