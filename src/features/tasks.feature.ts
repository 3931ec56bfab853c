import { ErrorCode, McpError } from '../protocol/mcp-error';
import { SessionTasks } from '../tasks/session-tasks';
import { StatelessTasks } from '../tasks/stateless-tasks';
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
    run: async (call) => tasksOf(call, SessionTasks).result(call, call.params.taskId),
  },
  'tasks/list': {
    needsSession: true,
    capability: 'tasks',
    eras: SESSION_ONLY,
    run: async (call) => tasksOf(call, SessionTasks).list(call.params.cursor),
  },
  'tasks/update': {
    capability: 'tasks',
    eras: STATELESS_ONLY,
    run: async (call) => tasksOf(call, StatelessTasks).update(call, call.params.taskId, call.params.inputResponses),
  },
};

function tasksOf(call: Call): TaskEra;
function tasksOf<T extends TaskEra>(call: Call, kind: new (...args: never[]) => T): T;
function tasksOf(call: Call, kind?: new (...args: never[]) => TaskEra): TaskEra {
  const tasks = call.tasks;
  if (!tasks || (kind && !(tasks instanceof kind))) {
    throw new McpError(
      ErrorCode.MethodNotFound,
      'Tasks need a session of protocol 2025-11-25 or later, or the 2026-07-28 tasks extension',
    );
  }
  return tasks;
}
