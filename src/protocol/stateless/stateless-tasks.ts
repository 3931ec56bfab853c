import type { ToolComponent } from '../../components/tool.component';
import { McpContext } from '../../context/mcp-context';
import type { JsonObject } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import type { MessageBus } from '../../core/stores/message-bus';
import type { Task, TaskRecord } from '../../core/stores/task-record';
import type { Call, TaskEra } from '../../features/method';
import { isTerminal } from '../../tasks/task';
import type { Outcome, TaskManager, TaskOptions } from '../../tasks/task-manager';
import { TaskInputExchange } from './task-input-exchange';

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export function declaresTasks(call: Call): boolean {
  return !!call.exchange.clientCapabilities.extensions?.[TASKS_EXTENSION];
}

export function statelessOwner(call: Call): string {
  return call.exchange.auth ? `principal:${call.exchange.auth.subject}` : 'anonymous';
}

/** What the tasks extension needs of the engine serving it. */
export interface TaskEngine {
  readonly tasks: TaskManager;
  readonly options: { readonly tasks?: TaskOptions };
}

// Requests of the stateless era share the engine's one StatelessTasks: it holds no per-request state.
const perEngine = new WeakMap<TaskEngine, StatelessTasks>();

/**
 * 2026-07-28 tasks extension: the server decides. A tool that requires tasks always answers with a
 * task handle; an optional one answers directly when it finishes quickly, and with a handle when
 * it runs long or needs the user. Clients that did not declare the extension never get a handle.
 * Questions a task asks wait on it (tasks/get shows them) until tasks/update answers them.
 */
export class StatelessTasks implements TaskEra {
  /** The engine's tasks extension: one per engine, whatever number of requests it serves. */
  static of(engine: TaskEngine): StatelessTasks {
    let tasks = perEngine.get(engine);
    if (!tasks) {
      tasks = new StatelessTasks(engine.tasks, engine.options.tasks?.promoteAfterMs ?? 1000);
      perEngine.set(engine, tasks);
    }
    return tasks;
  }

  private constructor(
    private readonly manager: TaskManager,
    private readonly promoteAfterMs: number,
  ) {}

  callTool(call: Call, tool: ToolComponent): Promise<JsonObject | undefined> {
    return runAsTask(call, tool, this.manager, this.promoteAfterMs);
  }

  async get(call: Call, taskId: unknown): Promise<JsonObject> {
    return detailOf(await this.manager.detail(statelessOwner(call), taskId));
  }

  /** Cancellation in the extension is cooperative: a finished task is acknowledged, not refused. */
  async cancel(call: Call, taskId: unknown): Promise<JsonObject> {
    const owner = statelessOwner(call);
    const record = await this.manager.detail(owner, taskId);
    if (!isTerminal(record.task.status)) {
      await this.manager.cancel(owner, taskId, statusPublisher(this.manager, call.bus, owner));
    }
    return {};
  }

  notificationOwner(call: Call): string {
    if (!declaresTasks(call)) {
      throw new McpError(ErrorCode.MissingRequiredClientCapability, 'Task notifications need the tasks extension', {
        requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
      });
    }
    return statelessOwner(call);
  }

  async update(call: Call, taskId: unknown, responses: unknown): Promise<JsonObject> {
    const owner = statelessOwner(call);
    await this.manager.answer(owner, taskId, responses, statusPublisher(this.manager, call.bus, owner));
    return {};
  }
}

async function runAsTask(
  call: Call,
  tool: ToolComponent,
  manager: TaskManager,
  promoteAfterMs: number,
): Promise<JsonObject | undefined> {
  const support = tool.spec.taskSupport ?? 'forbidden';
  if (support === 'forbidden') return undefined;
  if (!declaresTasks(call)) {
    if (support === 'optional') return undefined;
    throw new McpError(ErrorCode.MissingRequiredClientCapability, `Tool "${tool.name}" only runs as a task`, {
      requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
    });
  }
  const owner = statelessOwner(call);
  const { bus, exchange } = call;
  const onStatus = statusPublisher(manager, bus, owner);
  // Until the creating request is answered its notifications travel with it; afterwards they go
  // to the subscriptions/listen streams that asked for the task.
  let answered = false;
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
        {
          logLevel: exchange.logLevel(),
          progressToken: exchange.progressToken,
          notify: (method, params) => {
            if (!answered) exchange.notify(method, params);
            else bus.publish({ type: 'task_message', owner, taskId, method, params });
          },
        },
      );
      try {
        return {
          result: (await call.pipeline.run(
            tool,
            call.params.arguments,
            new McpContext(taskExchange),
            undefined,
            true,
          )) as JsonObject,
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
    answered = true;
    if (quick && 'result' in quick) return quick.result;
    if (quick && 'error' in quick) throw new McpError(quick.error.code, quick.error.message, quick.error.data);
  }
  answered = true;
  // wireTask's object is fresh: the field is added to it, not spread into another (slow in V8; see finish()).
  const handle = wireTask(task);
  handle.resultType = 'task';
  return handle;
}

/** Tells `subscriptions/listen` streams (through the bus) of each status change of the owner's task. */
function statusPublisher(manager: TaskManager, bus: MessageBus, owner: string): (task: Task) => void {
  return (task) => {
    // The task may be gone (ttl) by the time its record is read: then there is nothing to tell.
    void manager.detail(owner, task.taskId).then(
      (record) => bus.publish({ type: 'task_status', owner, detail: detailOf(record) }),
      () => undefined,
    );
  };
}

/** The extension's names: ttlMs and pollIntervalMs rather than 2025-11-25's ttl and pollInterval. */
export function wireTask(task: Task): JsonObject {
  const { ttl, pollInterval, ...rest } = task;
  // `rest` is a fresh object; `{ ...rest, ttlMs }` would copy it on V8's slow path (~1 µs).
  const wire: JsonObject = rest as unknown as JsonObject;
  wire.ttlMs = ttl;
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
