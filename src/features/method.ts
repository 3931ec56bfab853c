import type { ToolComponent } from '../components/tool.component';
import type { ClientExchange } from '../context/client-exchange';
import type { McpContext } from '../context/mcp-context';
import type { ErrorFunnel } from '../core/protocol/error-funnel';
import type { JsonObject } from '../core/protocol/json-rpc';
import { McpError } from '../core/protocol/mcp-error';
import type { MessageBus } from '../core/stores/message-bus';
import type { SessionChange } from '../core/stores/session-store';
import type { CallPipeline } from '../pipeline/call-pipeline';
import type { McpRegistry } from '../registry/mcp-registry';
import type { ServerCapabilities, ServerCapabilityName } from './capabilities';

/**
 * Per-session state a few session-era methods read or change (log threshold, subscriptions).
 * Changes go through `update`, which a shared session store sees before the request is answered.
 */
export interface SessionFacts {
  readonly logLevel?: string;
  readonly subscriptions: ReadonlySet<string>;
  update(change: SessionChange): Promise<void>;
}

/** Everything a method handler gets; it is the same in both eras. */
export interface Call {
  params: JsonObject;
  context: McpContext;
  registry: McpRegistry;
  errors: ErrorFunnel;
  /** Runs components (guards, interceptors, pipes, filters around them) and decides who sees them. */
  pipeline: CallPipeline;
  /** Present in the session era only; methods that need it are not offered in the stateless era. */
  session?: SessionFacts;
  /** The request's side of the conversation, for methods that stream notifications of their own. */
  exchange: ClientExchange;
  bus: MessageBus;
  capabilities: ServerCapabilities;
  /**
   * How this era runs requests as tasks, supplied by the era adapter so features stay era-blind:
   * 2025-11-25 sessions (requestor-driven) or the 2026-07-28 tasks extension (server-directed).
   * Absent where tasks are impossible (older sessions, deployments without sessions).
   */
  tasks?: TaskEra;
}

/**
 * How an era runs tasks. Both eras answer tools/call, tasks/get and tasks/cancel; the methods only
 * one era has are optional, and a feature asks for them without knowing which era it serves.
 */
export interface TaskEra {
  /** A tools/call run as a task: its handle, or undefined when the call should run directly. */
  callTool(call: Call, tool: ToolComponent): Promise<JsonObject | undefined>;
  get(call: Call, taskId: unknown): Promise<JsonObject>;
  cancel(call: Call, taskId: unknown): Promise<JsonObject>;
  /** 2025-11-25: blocks until the task is done, then answers what the call would have. */
  result?(call: Call, taskId: unknown): Promise<JsonObject>;
  /** 2025-11-25: the caller's tasks, a page at a time. */
  list?(call: Call, cursor: unknown): Promise<JsonObject>;
  /** 2026-07-28 tasks extension: answers to the questions a task asked. */
  update?(call: Call, taskId: unknown, responses: unknown): Promise<JsonObject>;
  /**
   * The owner whose `task_status` bus events this caller may hear about, for `subscriptions/listen`;
   * throws when the client cannot be told of tasks (it did not declare the tasks extension).
   */
  notificationOwner?(call: Call): string;
}

export interface MethodSpec {
  /** The server capability the method belongs to; without it the method is refused (-32601). */
  capability?: ServerCapabilityName;
  /** Which eras offer the method. */
  eras: readonly ('session' | 'stateless')[];
  /** Results that may be cached by the client in the stateless era (they carry ttlMs and cacheScope). */
  cacheable?: 'shared' | 'per-user';
  /** May answer `input_required` in the stateless era (tools/call, prompts/get, resources/read). */
  interactive?: boolean;
  /** Keeps state in the session (a level, subscriptions, tasks): refused where there are no sessions. */
  needsSession?: boolean;
  run(call: Call): Promise<JsonObject>;
}

export const BOTH = ['session', 'stateless'] as const;
export const SESSION_ONLY = ['session'] as const;
export const STATELESS_ONLY = ['stateless'] as const;

export function requireString(params: JsonObject, key: string): string {
  const value = params[key];
  if (typeof value !== 'string' || value === '') {
    throw McpError.invalidParams(`Invalid params: "${key}" must be a non-empty string`);
  }
  return value;
}
