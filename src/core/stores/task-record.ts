import type { JsonObject, JsonRpcErrorObject } from '../protocol/json-rpc';

export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** The Task object of the protocol (2025-11-25 tasks utility). */
export interface Task {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  /** Milliseconds from creation before the task may be deleted; null for unlimited. */
  ttl: number | null;
  pollInterval?: number;
}

/** What the store keeps: the task, whom it belongs to, and once terminal, what the call returned. */
export interface TaskRecord {
  task: Task;
  /** The principal (or, for anonymous clients, the session) the task is bound to. */
  owner: string;
  outcome?: { result: JsonObject } | { error: JsonRpcErrorObject };
  /** Questions for the client that a stateless-era task waits on (the tasks extension's inputRequests). */
  inputRequests?: Record<string, { method: string; params: JsonObject }>;
  /**
   * 2025-11-25 counts a tool result with `isError` as a failed task; the 2026-07-28 tasks extension
   * keeps `failed` for JSON-RPC errors and reports such results as completed.
   */
  isErrorFails: boolean;
}
