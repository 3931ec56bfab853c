import type { ToolComponent } from '../../components/tool.component';
import { McpContext } from '../../context/mcp-context';
import { type JsonObject, notification } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import type { Task, TaskStatus } from '../../core/stores/task-record';
import type { Call, TaskEra } from '../../features/method';
import { decodeCursor, encodeCursor } from '../../registry/cursor';
import { RELATED_TASK } from '../../tasks/task';
import type { Outcome, TaskManager } from '../../tasks/task-manager';
import { Cancellation } from '../cancellation';
import type { Outbound } from '../outbound';
import type { ClientRequests } from './client-requests';
import { SessionExchange } from './session-exchange';
import type { SessionState } from './session-state';
import { TaskExchange, taggedWithTask } from './task-exchange';

const PAGE = 100;

/** What a session's tasks need of the connection serving it (the connection implements it). */
export interface TaskConnection {
  readonly engine: { readonly tasks: TaskManager };
  /** Identifies the connection where no session id does (stdio); tasks of anonymous clients are bound to it. */
  readonly id: string;
  readonly session?: SessionState;
  readonly outbound: Outbound;
  readonly clientRequests: ClientRequests;
}

/** Whom the tasks of an anonymous client belong to: its session (or stdio connection), which they do not outlive. */
export function sessionTaskOwner(connectionId: string): string {
  return `session:${connectionId}`;
}

// One per connection, made on its first request that needs one; it lives as long as the connection.
const perConnection = new WeakMap<TaskConnection, SessionTasks>();

/**
 * Tasks of the 2025-11-25 session era: requestor-driven. A call asks for a task with `task`, gets
 * `CreateTaskResult` at once, and the tool runs in the background with a context that outlives
 * the request; `tasks/result` blocks until it is done. Tasks are owned by the caller's principal
 * when there is one, else by the session itself.
 */
export class SessionTasks implements TaskEra {
  /** The connection's tasks: one per connection, whatever number of requests it serves. */
  static of(connection: TaskConnection): SessionTasks {
    let tasks = perConnection.get(connection);
    if (!tasks) {
      tasks = new SessionTasks(connection);
      perConnection.set(connection, tasks);
    }
    return tasks;
  }

  private readonly manager: TaskManager;
  private readonly sessionOwner: string;

  private constructor(private readonly connection: TaskConnection) {
    this.manager = connection.engine.tasks;
    this.sessionOwner = sessionTaskOwner(connection.id);
  }

  async callTool(call: Call, tool: ToolComponent): Promise<JsonObject | undefined> {
    const support = tool.spec.taskSupport ?? 'forbidden';
    if (call.params.task === undefined) {
      if (support === 'required') {
        throw new McpError(
          ErrorCode.MethodNotFound,
          `Tool "${tool.name}" must run as a task: add "task" to the request`,
        );
      }
      return undefined;
    }
    if (support === 'forbidden')
      throw new McpError(ErrorCode.MethodNotFound, `Tool "${tool.name}" cannot run as a task`);
    const requested = (call.params.task as { ttl?: unknown } | undefined)?.ttl;
    const task = await this.manager.start({
      owner: this.owner(call),
      isErrorFails: true,
      requestedTtl: typeof requested === 'number' && requested >= 0 ? requested : undefined,
      onStatus: this.notifyStatus,
      run: async (taskId, signal, setStatus): Promise<Outcome> => {
        try {
          const context = this.detach(call, taskId, signal, setStatus);
          return {
            result: (await call.pipeline.run(tool, call.params.arguments, context, undefined, true)) as JsonObject,
          };
        } catch (error) {
          return { error: call.errors.toJsonRpc(error, `task ${taskId}`) };
        }
      },
    });
    return { task: { ...task } };
  }

  async get(call: Call, taskId: unknown): Promise<JsonObject> {
    return { ...(await this.manager.get(this.owner(call), taskId)) };
  }

  async cancel(call: Call, taskId: unknown): Promise<JsonObject> {
    return { ...(await this.manager.cancel(this.owner(call), taskId, this.notifyStatus)) };
  }

  /** Exactly what the call would have returned, tagged with its task, once the task is terminal. */
  async result(call: Call, taskId: unknown): Promise<JsonObject> {
    const outcome = await this.manager.result(this.owner(call), taskId, call.exchange.signal);
    if ('error' in outcome) throw new McpError(outcome.error.code, outcome.error.message, outcome.error.data);
    const meta = { ...(outcome.result._meta as JsonObject | undefined), [RELATED_TASK]: { taskId } };
    return { ...outcome.result, _meta: meta };
  }

  async list(call: Call, cursor: unknown): Promise<JsonObject> {
    const owner = this.owner(call);
    // Cursors are bound to the count seen, so a list that grew or shrank restarts cleanly.
    const { total } = await this.manager.list(owner, 0, 0);
    const offset = decodeCursor(cursor, total, total);
    const page = await this.manager.list(owner, offset, PAGE);
    const next = offset + PAGE;
    return next < page.total
      ? { tasks: page.tasks, nextCursor: encodeCursor(next, page.total) }
      : { tasks: page.tasks };
  }

  private owner(call: Call): string {
    const subject = call.exchange.auth?.subject;
    return subject !== undefined ? `principal:${subject}` : this.sessionOwner;
  }

  private readonly notifyStatus = (task: Task): void =>
    this.connection.outbound.send(notification('notifications/tasks/status', { ...task }));

  /** A context whose messages go to the session (not the finished request), tagged with the task. */
  private detach(
    call: Call,
    taskId: string,
    signal: AbortSignal,
    setStatus: (status: TaskStatus) => Promise<void>,
  ): McpContext {
    const { session, outbound, clientRequests } = this.connection;
    const { progressToken, auth } = call.exchange;
    const inner = new SessionExchange(
      session as SessionState,
      taggedWithTask(outbound, taskId),
      clientRequests,
      taskId,
      Cancellation.following(signal),
      progressToken,
      auth,
    );
    return new McpContext(new TaskExchange(inner, setStatus));
  }
}
