import type { Logger } from '../logging/logger';
import type { ServerOptions } from '../metadata/types';
import { CallPipeline } from '../pipeline/call-pipeline';
import type { Resolve } from '../pipeline/enhancers';
import type { McpRegistry } from '../registry/mcp-registry';
import { MemoryMessageBus } from '../state/memory/memory-message-bus';
import { MemoryTaskStore } from '../state/memory/memory-task-store';
import type { MessageBus } from '../state/message-bus';
import { TaskManager } from '../tasks/task-manager';
import { Connection, type ConnectionOptions } from './connection';
import type { EngineOptions } from './engine-options';
import { ErrorFunnel } from './error-funnel';
import type { Outbound } from './outbound';
import { deriveCapabilities, type ServerCapabilities } from './server-capabilities';
import { StateSealer } from './stateless/sealed-state';

/**
 * The transport-agnostic MCP server: it knows the registry, the server's identity and the open
 * connections, and nothing of bytes. Transports open connections and feed them messages.
 */
export class McpEngine {
  readonly errors: ErrorFunnel;
  readonly sealer: StateSealer;
  readonly bus: MessageBus;
  readonly tasks: TaskManager;
  readonly pipeline: CallPipeline;
  private readonly connections = new Set<Connection>();
  private capabilitiesCache?: ServerCapabilities;
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly registry: McpRegistry,
    readonly server: ServerOptions,
    readonly options: EngineOptions,
    readonly logger: Logger,
    /** Builds guards, interceptors, pipes and filters given as classes (the application's container). */
    resolve: Resolve = (cls) => new cls(),
  ) {
    this.errors = new ErrorFunnel(logger, options.exposeErrors);
    const { guards, interceptors, pipes, filters, timeoutMs, counterStore } = options;
    this.pipeline = new CallPipeline(
      { guards, interceptors, pipes, filters, timeoutMs },
      { resolve, messages: this.errors, logger, counters: counterStore },
    );
    registry.checkWith((component) => this.pipeline.prepare([component]));
    this.sealer = new StateSealer({ key: options.stateKey, ttlMs: options.stateTtlMs });
    this.bus = options.bus ?? new MemoryMessageBus();
    this.tasks = new TaskManager(options.taskStore ?? new MemoryTaskStore(), options.tasks);
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
    const connection = new Connection(this, outbound, options);
    this.connections.add(connection);
    return connection;
  }

  /** Called by a connection when it closes. */
  forget(connection: Connection): void {
    this.connections.delete(connection);
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

  get openConnections(): number {
    return this.connections.size;
  }
}
