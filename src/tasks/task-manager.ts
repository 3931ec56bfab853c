import { randomUUID } from 'node:crypto';
import type { ErrorFunnel } from '../core/protocol/error-funnel';
import type { JsonObject, JsonRpcErrorObject } from '../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import type { Task, TaskRecord, TaskStatus } from '../core/stores/task-record';
import type { TaskStore } from '../core/stores/task-store';
import { canMove, isTerminal } from './task';

export interface TaskOptions {
  /** The ttl given to a task whose requestor asked for none. */
  defaultTtlMs?: number;
  /** The longest ttl granted, whatever the requestor asked. */
  maxTtlMs?: number;
  /** How often requestors are told to poll. */
  pollIntervalMs?: number;
  /** 2026-07-28: how long a tool that may run as a task runs before its caller gets a task handle instead. */
  promoteAfterMs?: number;
}

/**
 * How task control reaches the instance running a task (a shared bus behind a load balancer): a
 * tasks/cancel or an answer may arrive on any instance, the handler runs on one.
 */
export interface TaskRelay {
  cancel(taskId: string, reason: string): void;
  input(taskId: string, responses: Record<string, JsonObject>): void;
}

export type Outcome = { result: JsonObject } | { error: JsonRpcErrorObject };

export interface TaskWork {
  owner: string;
  /** Whether a tool result with `isError` makes the task `failed` (2025-11-25) or `completed` (2026-07-28). */
  isErrorFails: boolean;
  requestedTtl?: number;
  /** Runs the request; it receives the task's signal and a way to report `input_required`. */
  run(
    taskId: string,
    signal: AbortSignal,
    setStatus: (status: TaskStatus, message?: string) => Promise<void>,
  ): Promise<Outcome>;
  /** Tells the requestor of each status change (`notifications/tasks/status`). */
  onStatus(task: Task): void;
}

/**
 * Runs task-augmented requests in the background and answers for them afterwards: status, the
 * blocking result, listing and cancellation, each bound to the owner that created the task.
 */
export class TaskManager {
  private readonly running = new Map<string, AbortController>();
  /** Running tasks whose owner went away: what their requests do afterwards is not written back. */
  private readonly forgotten = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly answers = new Map<string, (answer: JsonObject) => void>();

  constructor(
    private readonly store: TaskStore,
    private readonly options: TaskOptions = {},
    private readonly relay?: TaskRelay,
    /** Turns what a task's run threw into the error the requestor sees (logged, masked unless exposed). */
    private readonly errors?: Pick<ErrorFunnel, 'toJsonRpc'>,
  ) {}

  /** Aborts a task if it runs in this process; false when it runs elsewhere (or not at all). */
  abortHere(taskId: string, reason: string): boolean {
    const controller = this.running.get(taskId);
    controller?.abort(reason);
    return controller !== undefined;
  }

  /** Hands answers to the questions a task running in this process waits on; others are ignored. */
  answerHere(taskId: string, responses: Record<string, JsonObject>): void {
    for (const [key, response] of Object.entries(responses)) {
      const resolve = this.answers.get(`${taskId}#${key}`);
      if (!resolve) continue;
      this.answers.delete(`${taskId}#${key}`);
      resolve(response);
    }
  }

  async start(work: TaskWork): Promise<Task> {
    const now = new Date().toISOString();
    const max = this.options.maxTtlMs ?? 24 * 3_600_000;
    const ttl = Math.min(work.requestedTtl ?? this.options.defaultTtlMs ?? 3_600_000, max);
    const task: Task = {
      taskId: randomUUID(),
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttl,
      pollInterval: this.options.pollIntervalMs ?? 1000,
    };
    await this.store.put({ task, owner: work.owner, isErrorFails: work.isErrorFails });
    const controller = new AbortController();
    this.running.set(task.taskId, controller);
    const setStatus = (status: TaskStatus, message?: string) => this.move(task.taskId, status, work.onStatus, message);
    void work
      .run(task.taskId, controller.signal, setStatus)
      .then(
        (outcome) => this.finish(task.taskId, outcome, work.onStatus),
        (error: unknown) => this.finish(task.taskId, { error: this.failureOf(error, task.taskId) }, work.onStatus),
      )
      .finally(() => {
        this.running.delete(task.taskId);
        this.forgotten.delete(task.taskId);
      });
    return { ...task };
  }

  /**
   * Drops every task of `owner` (a session that ended): running ones are cancelled, records and
   * outcomes deleted, and whoever waits on one hears it is gone. Returns how many were dropped.
   */
  async forget(owner: string, reason: string): Promise<number> {
    const { records } = await this.store.list(owner, 0, Number.MAX_SAFE_INTEGER);
    for (const { task } of records) {
      const controller = this.running.get(task.taskId);
      if (controller) {
        this.forgotten.add(task.taskId);
        controller.abort(reason);
      }
      await this.store.delete(task.taskId);
      for (const key of this.answers.keys()) if (key.startsWith(`${task.taskId}#`)) this.answers.delete(key);
      this.wake(task.taskId);
    }
    return records.length;
  }

  async get(owner: string, taskId: unknown): Promise<Task> {
    return { ...(await this.find(owner, taskId)).task };
  }

  /** The whole record: the task with its outcome or outstanding questions (tasks extension, tasks/get). */
  async detail(owner: string, taskId: unknown): Promise<TaskRecord> {
    return this.find(owner, taskId);
  }

  /**
   * A running task asks the client something and waits: the question is stored on the task (so
   * tasks/get shows it, status input_required) until tasks/update brings the answer.
   */
  async ask(
    taskId: string,
    key: string,
    request: { method: string; params: JsonObject },
    onStatus: (task: Task) => void,
  ) {
    const record = await this.store.get(taskId);
    if (!record) throw new McpError(-32603, 'The task no longer exists');
    record.inputRequests = { ...record.inputRequests, [key]: request };
    await this.rewrite(record);
    const answer = new Promise<JsonObject>((resolve) => this.answers.set(`${taskId}#${key}`, resolve));
    await this.move(taskId, 'input_required', onStatus);
    return answer;
  }

  /** Answers to questions the task asked; unknown or already answered keys are ignored. */
  async answer(owner: string, taskId: unknown, responses: unknown, onStatus: (task: Task) => void): Promise<void> {
    const record = await this.find(owner, taskId);
    if (typeof responses !== 'object' || responses === null) {
      throw McpError.invalidParams('Invalid params: "inputResponses" must be an object');
    }
    const pending = { ...record.inputRequests };
    const elsewhere: Record<string, JsonObject> = {};
    for (const [key, response] of Object.entries(responses as Record<string, JsonObject>)) {
      if (!(key in pending)) continue;
      delete pending[key];
      const resolve = this.answers.get(`${record.task.taskId}#${key}`);
      if (resolve) {
        this.answers.delete(`${record.task.taskId}#${key}`);
        resolve(response);
      } else {
        // The question was stored by the instance running the task, which waits for its answer.
        elsewhere[key] = response;
      }
    }
    if (Object.keys(elsewhere).length > 0) this.relay?.input(record.task.taskId, elsewhere);
    record.inputRequests = pending;
    await this.rewrite(record);
    if (Object.keys(pending).length === 0) await this.move(record.task.taskId, 'working', onStatus);
  }

  /** Blocks until the task is terminal, then returns exactly what the request would have returned. */
  async result(owner: string, taskId: unknown, signal: AbortSignal): Promise<Outcome> {
    for (;;) {
      const record = await this.find(owner, taskId);
      if (record.outcome) return record.outcome;
      if (isTerminal(record.task.status))
        return { error: { code: -32603, message: 'The task ended without a result' } };
      await this.changed(record.task.taskId, record.task.pollInterval ?? 1000, signal);
      if (signal.aborted) throw new McpError(-32603, 'tasks/result was cancelled');
    }
  }

  async list(owner: string, offset: number, limit: number): Promise<{ tasks: Task[]; total: number }> {
    const { records, total } = await this.store.list(owner, offset, limit);
    return { tasks: records.map((r) => ({ ...r.task })), total };
  }

  async cancel(owner: string, taskId: unknown, onStatus: (task: Task) => void): Promise<Task> {
    const record = await this.find(owner, taskId);
    if (isTerminal(record.task.status)) {
      throw McpError.invalidParams(`Cannot cancel task ${record.task.taskId}: it is already ${record.task.status}`);
    }
    if (!this.abortHere(record.task.taskId, 'the task was cancelled')) {
      this.relay?.cancel(record.task.taskId, 'the task was cancelled');
    }
    await this.move(record.task.taskId, 'cancelled', onStatus, 'The task was cancelled by request.');
    return { ...(await this.find(owner, taskId)).task };
  }

  private async find(owner: string, taskId: unknown): Promise<TaskRecord> {
    if (typeof taskId !== 'string') throw McpError.invalidParams('Invalid params: "taskId" must be a string');
    const record = await this.store.get(taskId);
    // Another owner's task is reported exactly like a missing one, so ids cannot be probed.
    if (!record || record.owner !== owner) throw McpError.invalidParams(`Failed to retrieve task: Task not found`);
    return record;
  }

  private async move(
    taskId: string,
    status: TaskStatus,
    onStatus: (task: Task) => void,
    message?: string,
  ): Promise<void> {
    const record = await this.store.get(taskId);
    if (!record || !canMove(record.task.status, status)) return;
    record.task = { ...record.task, status, lastUpdatedAt: new Date().toISOString() };
    if (isTerminal(status)) delete record.inputRequests;
    if (message !== undefined) record.task.statusMessage = message;
    else delete record.task.statusMessage;
    if (!(await this.rewrite(record))) return;
    this.wake(taskId);
    onStatus({ ...record.task });
  }

  /** What a run that threw leaves as the task's outcome: never the raw message of an unexpected error. */
  private failureOf(error: unknown, taskId: string): JsonRpcErrorObject {
    return (
      this.errors?.toJsonRpc(error, `task ${taskId}`) ?? { code: ErrorCode.InternalError, message: 'Internal error' }
    );
  }

  /** A cancelled task stays cancelled, whatever its request did afterwards. */
  private async finish(taskId: string, outcome: Outcome, onStatus: (task: Task) => void): Promise<void> {
    const record = await this.store.get(taskId);
    if (!record) return;
    if (record.task.status === 'cancelled') {
      record.outcome ??= { error: { code: -32603, message: 'The task was cancelled' } };
      await this.rewrite(record);
      this.wake(taskId);
      return;
    }
    record.outcome = outcome;
    await this.rewrite(record);
    const failed = 'error' in outcome || (record.isErrorFails && outcome.result.isError === true);
    await this.move(taskId, failed ? 'failed' : 'completed', onStatus);
  }

  /**
   * Writes a task back, unless its owner has gone meanwhile: checked right before the write, with
   * no await between, so a task dropped by `forget` is never written back by its own request.
   */
  private async rewrite(record: TaskRecord): Promise<boolean> {
    if (this.forgotten.has(record.task.taskId)) return false;
    await this.store.put(record);
    return true;
  }

  private changed(taskId: string, pollMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      // Polling the store too covers a task finished by another instance sharing it.
      const timer = setTimeout(done, pollMs);
      signal.addEventListener('abort', done, { once: true });
      const list = this.waiters.get(taskId) ?? [];
      list.push(done);
      this.waiters.set(taskId, list);
    });
  }

  private wake(taskId: string): void {
    for (const wake of this.waiters.get(taskId) ?? []) wake();
    this.waiters.delete(taskId);
  }
}
