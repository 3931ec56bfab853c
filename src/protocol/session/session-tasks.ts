import type { ToolComponent } from '../../components/tool.component';
import type { JsonObject } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import type { Call, TaskBinding, TaskEra } from '../../features/method';
import { decodeCursor, encodeCursor } from '../../registry/cursor';
import { RELATED_TASK } from '../../tasks/task';
import type { Outcome } from '../../tasks/task-manager';

const PAGE = 100;

/**
 * Tasks of the 2025-11-25 session era: requestor-driven. A call asks for a task with `task`, gets
 * `CreateTaskResult` at once, and the tool runs in the background with a context that outlives
 * the request; `tasks/result` blocks until it is done.
 */
export class SessionTasks implements TaskEra {
  constructor(private readonly binding: TaskBinding) {}

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
    const { manager, owner, detach, notifyStatus } = this.binding;
    const requested = (call.params.task as { ttl?: unknown } | undefined)?.ttl;
    const task = await manager.start({
      owner,
      isErrorFails: true,
      requestedTtl: typeof requested === 'number' && requested >= 0 ? requested : undefined,
      onStatus: notifyStatus,
      run: async (taskId, signal, setStatus): Promise<Outcome> => {
        try {
          const context = detach(taskId, signal, setStatus);
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

  async get(_call: Call, taskId: unknown): Promise<JsonObject> {
    return { ...(await this.binding.manager.get(this.binding.owner, taskId)) };
  }

  async cancel(_call: Call, taskId: unknown): Promise<JsonObject> {
    const { manager, owner, notifyStatus } = this.binding;
    return { ...(await manager.cancel(owner, taskId, notifyStatus)) };
  }

  /** Exactly what the call would have returned, tagged with its task, once the task is terminal. */
  async result(call: Call, taskId: unknown): Promise<JsonObject> {
    const outcome = await this.binding.manager.result(this.binding.owner, taskId, call.exchange.signal);
    if ('error' in outcome) throw new McpError(outcome.error.code, outcome.error.message, outcome.error.data);
    const meta = { ...(outcome.result._meta as JsonObject | undefined), [RELATED_TASK]: { taskId } };
    return { ...outcome.result, _meta: meta };
  }

  async list(_call: Call, cursor: unknown): Promise<JsonObject> {
    const { manager, owner } = this.binding;
    // Cursors are bound to the count seen, so a list that grew or shrank restarts cleanly.
    const { total } = await manager.list(owner, 0, 0);
    const offset = decodeCursor(cursor, total, total);
    const page = await manager.list(owner, offset, PAGE);
    const next = offset + PAGE;
    return next < page.total
      ? { tasks: page.tasks, nextCursor: encodeCursor(next, page.total) }
      : { tasks: page.tasks };
  }
}
