import type { Logger } from '../core/logging/logger';
import type { ErrorFunnel } from '../core/protocol/error-funnel';
import type { MessageBus } from '../core/stores/message-bus';
import type { ServerCapabilities } from '../features/capabilities';
import type { MethodSpec } from '../features/method';
import type { ServerOptions } from '../metadata/types';
import type { CallPipeline } from '../pipeline/call-pipeline';
import type { McpRegistry } from '../registry/mcp-registry';
import type { TaskManager } from '../tasks/task-manager';
import type { McpTelemetry } from '../telemetry/mcp-telemetry';
import type { EngineOptions } from './engine-options';
import type { StateSealer } from './stateless/sealed-state';

/**
 * What connections and the era adapters need of the engine. They name this interface rather than
 * the engine class, which builds connections, so no file of the protocol imports its own caller.
 */
export interface EngineCore {
  readonly registry: McpRegistry;
  readonly server: ServerOptions;
  readonly options: EngineOptions;
  readonly errors: ErrorFunnel;
  readonly logger: Logger;
  readonly sealer: StateSealer;
  readonly bus: MessageBus;
  readonly tasks: TaskManager;
  /** Runs components with the guards, interceptors, pipes and filters around them. */
  readonly pipeline: CallPipeline;
  /** Every request method the server answers, by name, handed in by the application. */
  readonly methods: ReadonlyMap<string, MethodSpec>;
  /** Spans and metrics of every request (no-ops until an OpenTelemetry SDK is registered). */
  readonly telemetry: McpTelemetry;
  capabilities(): ServerCapabilities;
  /** Counts work that graceful shutdown waits for. */
  track<T>(work: Promise<T>): Promise<T>;
  /** The same count without a promise of its own: `working(1)` when work starts, `working(-1)` when it ends. */
  working(delta: 1 | -1): void;
}
