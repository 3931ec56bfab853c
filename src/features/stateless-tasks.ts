import type { ToolComponent } from '../components/tool.component';
import { McpContext } from '../context/mcp-context';
import type { JsonObject } from '../protocol/json-rpc';
import { ErrorCode, McpError } from '../protocol/mcp-error';
import { isTerminal, type Task, type TaskRecord } from '../tasks/task';
import { TaskInputExchange } from '../tasks/task-input-exchange';
import type { Outcome } from '../tasks/task-manager';
import type { Call } from './method';

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export function declaresTasks(call: Call): boolean {
  return !!call.exchange.clientCapabilities.extensions?.[TASKS_EXTENSION];
}

export function statelessOwner(call: Call): string {
  return call.exchange.auth ? `principal:${call.exchange.auth.subject}` : 'anonymous';
}

/**
 * 2026-07-28 tasks extension: the server decides. A tool that requires tasks always answers with a
 * task handle; an optional one answers directly when it finishes quickly, and with a handle when
 * it runs long or needs the user. Clients that did not declare the extension never get a handle.
 */
export async function maybeRunAsTask(call: Call, tool: ToolComponent): Promise<JsonObject | undefined> {
  const support = tool.spec.taskSupport ?? 'forbidden';
  if (support === 'forbidden' || !call.tasksExtension) return undefined;
  if (!declaresTasks(call)) {
    if (support === 'optional') return undefined;
    throw new McpError(ErrorCode.MissingRequiredClientCapability, `Tool "${tool.name}" only runs as a task`, {
      requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
    });
  }
  const { manager, promoteAfterMs } = call.tasksExtension;
  const owner = statelessOwner(call);
  const { bus, exchange } = call;
  const onStatus = (task: Task) => {
    void manager.detail(owner, task.taskId).then(
      (record) => bus.publish({ type: 'task_status', owner, detail: detailOf(record) }),
      () => undefined,
    );
  };
  let sawInput: () => void = () => undefined;
  const needsInput = new Promise<void>((resolve) => {
    sawInput = resolve;
  });
  const task = await manager.start({
    owner,
    isErrorFails: false,
    onStatus: (t) => {
      if (t.status === 'input_required') sawInput();
      onStatus(t);
    },
    run: async (taskId, signal): Promise<Outcome> => {
      const taskExchange = new TaskInputExchange(
        taskId,
        exchange.protocolVersion,
        exchange.clientCapabilities,
        exchange.clientInfo,
        exchange.auth,
        signal,
        (key, request) => manager.ask(taskId, key, request, onStatus),
      );
      try {
        return {
          result: (await tool.call(call.params.arguments, new McpContext(taskExchange), call.errors)) as JsonObject,
        };
      } catch (error) {
        return { error: call.errors.toJsonRpc(error, `task ${taskId}`) };
      }
    },
  });
  if (support === 'optional') {
    const quick = await Promise.race([
      manager.result(owner, task.taskId, AbortSignal.timeout(promoteAfterMs)).catch(() => undefined),
      needsInput.then(() => undefined),
    ]);
    if (quick && 'result' in quick) return quick.result;
    if (quick && 'error' in quick) throw new McpError(quick.error.code, quick.error.message, quick.error.data);
  }
  return { ...wireTask(task), resultType: 'task' };
}

/** The extension's names: ttlMs and pollIntervalMs rather than 2025-11-25's ttl and pollInterval. */
export function wireTask(task: Task): JsonObject {
  const { ttl, pollInterval, ...rest } = task;
  const wire: JsonObject = { ...rest, ttlMs: ttl };
  if (pollInterval !== undefined) wire.pollIntervalMs = pollInterval;
  return wire;
}

/** What tasks/get and notifications/tasks carry: the task with its result, error or questions. */
export function detailOf(record: TaskRecord): JsonObject {
  const detail = wireTask(record.task);
  if (record.task.status === 'input_required' && record.inputRequests) detail.inputRequests = record.inputRequests;
  if (isTerminal(record.task.status) && record.outcome && record.task.status !== 'cancelled') {
    if ('result' in record.outcome) detail.result = record.outcome.result;
    else detail.error = record.outcome.error as unknown as JsonObject;
  }
  return detail;
}
