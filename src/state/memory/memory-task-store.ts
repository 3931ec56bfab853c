import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import type { TaskRecord } from '../../core/stores/task-record';
import type { TaskStore } from '../../core/stores/task-store';
import { isTerminal } from '../../tasks/task';

export interface MemoryTaskStoreOptions {
  /**
   * Tasks kept at most (default 10000). When full, expired tasks go first, then the oldest
   * finished ones; if every task is still running, a new one is refused.
   */
  maxTasks?: number;
  /** The time source of expiry, in ms (default Date.now; tests inject their own). */
  now?: () => number;
}

/** How often, at most, a write also sweeps out expired tasks nobody asked about. */
const SWEEP_EVERY_MS = 60_000;

/** One process's tasks, dropped when their ttl has passed since creation, and never more than maxTasks. */
export class MemoryTaskStore implements TaskStore {
  private readonly records = new Map<string, TaskRecord>();
  /** Each owner's task ids, so listing or forgetting one owner's tasks never walks everybody's. */
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly maxTasks: number;
  private readonly now: () => number;
  private lastSweep: number;

  constructor(options: MemoryTaskStoreOptions = {}) {
    this.maxTasks = options.maxTasks ?? 10_000;
    this.now = options.now ?? Date.now;
    this.lastSweep = this.now();
  }

  async put(record: TaskRecord): Promise<void> {
    const id = record.task.taskId;
    if (!this.records.has(id)) {
      this.makeRoom();
      const ids = this.byOwner.get(record.owner) ?? new Set<string>();
      ids.add(id);
      this.byOwner.set(record.owner, ids);
    }
    this.records.set(id, record);
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const record = this.records.get(taskId);
    if (record && this.expired(record)) {
      this.remove(taskId);
      return undefined;
    }
    return record;
  }

  async list(owner: string, offset: number, limit: number): Promise<{ records: TaskRecord[]; total: number }> {
    const mine: TaskRecord[] = [];
    // A Set iterates in insertion order: the owner's tasks oldest first.
    for (const id of this.byOwner.get(owner) ?? []) {
      const record = this.records.get(id) as TaskRecord;
      if (this.expired(record)) this.remove(id);
      else mine.push(record);
    }
    return { records: mine.slice(offset, offset + limit), total: mine.length };
  }

  async delete(taskId: string): Promise<void> {
    this.remove(taskId);
  }

  /** How many tasks are kept (for tests and metrics). */
  get size(): number {
    return this.records.size;
  }

  private makeRoom(): void {
    const now = this.now();
    if (this.records.size >= this.maxTasks || now - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now;
      for (const [id, record] of this.records) if (this.expired(record)) this.remove(id);
    }
    if (this.records.size < this.maxTasks) return;
    // Map order is creation order: the first finished task found is the oldest finished one.
    for (const [id, record] of this.records) {
      if (isTerminal(record.task.status)) {
        this.remove(id);
        return;
      }
    }
    throw new McpError(
      ErrorCode.InternalError,
      `The server is running its maximum of ${this.maxTasks} tasks; try again when one has finished`,
    );
  }

  private remove(taskId: string): void {
    const record = this.records.get(taskId);
    if (!record) return;
    this.records.delete(taskId);
    const ids = this.byOwner.get(record.owner);
    ids?.delete(taskId);
    if (ids?.size === 0) this.byOwner.delete(record.owner);
  }

  private expired(record: TaskRecord): boolean {
    const { ttl, createdAt } = record.task;
    return ttl !== null && Date.parse(createdAt) + ttl <= this.now();
  }
}
