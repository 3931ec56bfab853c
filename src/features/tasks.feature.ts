import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import { BOTH, type Call, type MethodSpec, SESSION_ONLY, STATELESS_ONLY, type TaskEra } from './method';

/** Task methods; what each does in each era is the era's TaskEra, supplied by its adapter. */
export const taskMethods: Record<string, MethodSpec> = {
  'tasks/get': {
    needsSession: true,
    capability: 'tasks',
    eras: BOTH,
    run: async (call) => tasksOf(call).get(call, call.params.taskId),
  },
  'tasks/cancel': {
    needsSession: true,
    capability: 'tasks',
    eras: BOTH,
    run: async (call) => tasksOf(call).cancel(call, call.params.taskId),
  },
  'tasks/result': {
    needsSession: true,
    capability: 'tasks',
    eras: SESSION_ONLY,
    run: async (call) => operation(call, 'result')(call, call.params.taskId),
  },
  'tasks/list': {
    needsSession: true,
    capability: 'tasks',
    eras: SESSION_ONLY,
    run: async (call) => operation(call, 'list')(call, call.params.cursor),
  },
  'tasks/update': {
    capability: 'tasks',
    eras: STATELESS_ONLY,
    run: async (call) => operation(call, 'update')(call, call.params.taskId, call.params.inputResponses),
  },
};

function tasksOf(call: Call): TaskEra {
  if (!call.tasks) throw noTasks();
  return call.tasks;
}

/** An operation only one era's tasks have; the method table already keeps it to that era. */
function operation<K extends 'result' | 'list' | 'update'>(call: Call, name: K): NonNullable<TaskEra[K]> {
  const tasks = tasksOf(call);
  const run = tasks[name];
  if (!run) throw noTasks();
  return run.bind(tasks) as NonNullable<TaskEra[K]>;
}

function noTasks(): McpError {
  return new McpError(
    ErrorCode.MethodNotFound,
    'Tasks need a session of protocol 2025-11-25 or later, or the 2026-07-28 tasks extension',
  );
}
