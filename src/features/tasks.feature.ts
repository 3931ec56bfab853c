import type { ToolComponent } from '../components/tool.component';
import type { JsonObject } from '../protocol/json-rpc';
import { ErrorCode, McpError } from '../protocol/mcp-error';
import { decodeCursor, encodeCursor } from '../registry/cursor';
import { isTerminal, RELATED_TASK } from '../tasks/task';
import type { Outcome } from '../tasks/task-manager';
import type { Call, MethodSpec, TaskBinding } from './method';
import { detailOf, statelessOwner } from './stateless-tasks';

const SESSION = ['session'] as const;
const BOTH = ['session', 'stateless'] as const;
const PAGE = 100;

export const taskMethods: Record<string, MethodSpec> = {
  'tasks/get': {
    needsSession: true,
    capability: 'tasks',
    eras: BOTH,
    run: async (call) => {
      if (call.tasksExtension) {
        return detailOf(await call.tasksExtension.manager.detail(statelessOwner(call), call.params.taskId));
      }
      const { manager, owner } = binding(call.tasks);
      return { ...(await manager.get(owner, call.params.taskId)) };
    },
  },
  'tasks/update': {
    needsSession: true,
    capability: 'tasks',
    eras: ['stateless'],
    run: async (call) => {
      const { manager } = extension(call);
      await manager.answer(statelessOwner(call), call.params.taskId, call.params.inputResponses, () => undefined);
      return {};
    },
  },
  'tasks/result': {
    needsSession: true,
    capability: 'tasks',
    eras: SESSION,
    run: async ({ params, tasks, exchange }) => {
      const { manager, owner } = binding(tasks);
      const outcome = await manager.result(owner, params.taskId, exchange.signal);
      if ('error' in outcome) throw new McpError(outcome.error.code, outcome.error.message, outcome.error.data);
      const meta = { ...(outcome.result._meta as JsonObject | undefined), [RELATED_TASK]: { taskId: params.taskId } };
      return { ...outcome.result, _meta: meta };
    },
  },
  'tasks/list': {
    needsSession: true,
    capability: 'tasks',
    eras: SESSION,
    run: async ({ params, tasks }) => {
      const { manager, owner } = binding(tasks);
      // Cursors are bound to the count seen, so a list that grew or shrank restarts cleanly.
      const { total } = await manager.list(owner, 0, 0);
      const offset = decodeCursor(params.cursor, total, total);
      const page = await manager.list(owner, offset, PAGE);
      const next = offset + PAGE;
      return next < page.total
        ? { tasks: page.tasks, nextCursor: encodeCursor(next, page.total) }
        : { tasks: page.tasks };
    },
  },
  'tasks/cancel': {
    needsSession: true,
    capability: 'tasks',
    eras: BOTH,
    run: async (call) => {
      if (call.tasksExtension) {
        // Cancellation in the extension is cooperative: a finished task is acknowledged, not refused.
        const { manager } = call.tasksExtension;
        const owner = statelessOwner(call);
        const record = await manager.detail(owner, call.params.taskId);
        if (!isTerminal(record.task.status)) await manager.cancel(owner, call.params.taskId, () => undefined);
        return {};
      }
      const { manager, owner, notifyStatus } = binding(call.tasks);
      return { ...(await manager.cancel(owner, call.params.taskId, notifyStatus)) };
    },
  },
};

/**
 * A task-augmented `tools/call`: answer `CreateTaskResult` at once and run the tool in the
 * background, with a context that outlives the request.
 */
export async function startToolTask(call: Call, tool: ToolComponent): Promise<JsonObject> {
  const { manager, owner, detach, notifyStatus } = binding(call.tasks);
  const requested = (call.params.task as { ttl?: unknown } | undefined)?.ttl;
  const task = await manager.start({
    owner,
    isErrorFails: true,
    requestedTtl: typeof requested === 'number' && requested >= 0 ? requested : undefined,
    onStatus: notifyStatus,
    run: async (taskId, signal, setStatus): Promise<Outcome> => {
      try {
        const context = detach(taskId, signal, setStatus);
        return { result: (await tool.call(call.params.arguments, context, call.errors)) as JsonObject };
      } catch (error) {
        return { error: call.errors.toJsonRpc(error, `task ${taskId}`) };
      }
    },
  });
  return { task: { ...task } };
}

function extension(call: Call): NonNullable<Call['tasksExtension']> {
  if (!call.tasksExtension) throw McpError.methodNotFound(String('tasks/update'));
  return call.tasksExtension;
}

function binding(tasks: TaskBinding | undefined): TaskBinding {
  if (!tasks) throw new McpError(ErrorCode.MethodNotFound, 'Tasks need a session of protocol 2025-11-25 or later');
  return tasks;
}
