import type { TaskRecord } from './task-record';

/**
 * Where tasks live between the request that started them and the requests that poll them. A task
 * outlives its HTTP request; a shared store lets any instance answer for it.
 */
export interface TaskStore {
  put(record: TaskRecord): Promise<void>;
  get(taskId: string): Promise<TaskRecord | undefined>;
  /** The owner's tasks, oldest first, from `offset`, at most `limit`. */
  list(owner: string, offset: number, limit: number): Promise<{ records: TaskRecord[]; total: number }>;
  delete(taskId: string): Promise<void>;
}
