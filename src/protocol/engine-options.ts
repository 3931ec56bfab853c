import type { MessageBus } from '../core/stores/message-bus';
import type { TaskStore } from '../core/stores/task-store';
import type { PipelineOptions } from '../pipeline/call-pipeline';
import type { TaskOptions } from '../tasks/task-manager';
import type { TelemetryOptions } from '../telemetry/telemetry-options';

export interface EngineOptions extends PipelineOptions {
  /** Show the messages of unexpected errors to clients (never in production: they may leak internals). */
  exposeErrors?: boolean;
  /** Items per page of tools/list, prompts/list, resources/list and resources/templates/list. */
  pageSize?: number;
  /** How long a server-to-client request (elicitation, sampling, roots) may wait for its answer. */
  clientRequestTimeoutMs?: number;
  /**
   * How many server-to-client requests one session may have waiting for answers at once (default
   * 100). One more is refused, before it is sent, with an McpError naming this option.
   */
  maxPendingClientRequests?: number;
  /**
   * How many of one session's requests may run at once (default 1,000). One more is answered at
   * once with an error naming this option, and runs nothing: a client that sends requests faster
   * than they finish (a legacy SSE client's POSTs are accepted before they run; a stdio client
   * pipelines; a batch holds many) cannot pile up work without bound.
   */
  maxRequestsInFlight?: number;
  /**
   * The key that seals multi round-trip request state (32 bytes, or a secret string). Instances
   * behind one load balancer must share it; the default is random per process.
   */
  stateKey?: Buffer | string;
  /** How long a sealed request state stays valid. */
  stateTtlMs?: number;
  /** Cache hints of the stateless era: how long clients may keep list results and reads. */
  cache?: { listTtlMs?: number; readTtlMs?: number; discoverTtlMs?: number };
  /** Where list changes and resource updates travel; in-memory unless several instances share one. */
  bus?: MessageBus;
  /** Where tasks live; in-memory unless several instances share one. */
  taskStore?: TaskStore;
  tasks?: TaskOptions;
  /** The OpenTelemetry providers to use instead of the global ones. */
  telemetry?: TelemetryOptions;
  /**
   * How long a response that follows progress is held back, for clients that would lose that
   * progress (the official TypeScript clients; see docs/clients.md, known issues): `'auto'` (the
   * default) only for clients not known to be safe, `0` never, a number of milliseconds always.
   */
  progressSettleMs?: 'auto' | number;
}
