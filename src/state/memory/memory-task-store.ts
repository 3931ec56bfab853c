import type { TaskRecord } from '../../tasks/task';
import type { TaskStore } from '../task-store';

/** One process's tasks, dropped when their ttl has passed since creation. */
export class MemoryTaskStore implements TaskStore {
  private readonly records = new Map<string, TaskRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  async put(record: TaskRecord): Promise<void> {
    this.records.set(record.task.taskId, record);
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const record = this.records.get(taskId);
    if (record && this.expired(record)) {
      this.records.delete(taskId);
      return undefined;
    }
    return record;
  }

  async list(owner: string, offset: number, limit: number): Promise<{ records: TaskRecord[]; total: number }> {
    const mine: TaskRecord[] = [];
    for (const [id, record] of this.records) {
      if (this.expired(record)) this.records.delete(id);
      else if (record.owner === owner) mine.push(record);
    }
    return { records: mine.slice(offset, offset + limit), total: mine.length };
  }

  async delete(taskId: string): Promise<void> {
    this.records.delete(taskId);
  }

  private expired(record: TaskRecord): boolean {
    const { ttl, createdAt } = record.task;
    return ttl !== null && Date.parse(createdAt) + ttl <= this.now();
  }
}
