import type { TaskStatus } from '../core/stores/task-record';

const TERMINAL = new Set<TaskStatus>(['completed', 'failed', 'cancelled']);

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL.has(status);
}

/** working <-> input_required, either -> a terminal status; terminal statuses never change. */
export function canMove(from: TaskStatus, to: TaskStatus): boolean {
  if (isTerminal(from) || from === to) return false;
  return to !== 'working' || from === 'input_required';
}

export const RELATED_TASK = 'io.modelcontextprotocol/related-task';
