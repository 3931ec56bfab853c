import type { Redis } from 'ioredis';
import type { TaskRecord } from '../../core/stores/task-record';
import type { TaskStore } from '../../core/stores/task-store';
import { guarded } from './redis-connection';

/**
 * Tasks under `<prefix>task:<id>` (JSON, expiring when the task's ttl has passed since its
 * creation) and, per owner, a sorted set `<prefix>tasks:<owner>` of task ids by creation time
 * for tasks/list. An index entry may outlive its task: listing drops such entries.
 */
export class RedisTaskStore implements TaskStore {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async put(record: TaskRecord): Promise<void> {
    const { taskId, createdAt, ttl } = record.task;
    const created = Date.parse(createdAt);
    const key = this.taskKey(taskId);
    const index = this.indexKey(record.owner);
    const json = JSON.stringify(record);
    const transaction = this.client.multi();
    if (ttl === null) {
      transaction.set(key, json).zadd(index, 'NX', String(created), taskId).persist(index);
    } else {
      const left = created + ttl - this.now();
      if (left <= 0) {
        transaction.del(key).zrem(index, taskId);
      } else {
        // The index lives as long as its longest-lived task: GT only ever extends, NX covers a new index.
        transaction
          .set(key, json, 'PX', left)
          .zadd(index, 'NX', String(created), taskId)
          .pexpire(index, left, 'NX')
          .pexpire(index, left, 'GT');
      }
    }
    await guarded(transaction.exec());
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const json = await guarded(this.client.get(this.taskKey(taskId)));
    return json === null ? undefined : (JSON.parse(json) as TaskRecord);
  }

  async list(owner: string, offset: number, limit: number): Promise<{ records: TaskRecord[]; total: number }> {
    const index = this.indexKey(owner);
    const ids = await guarded(this.client.zrange(index, '0', '-1'));
    const jsons = await guarded(Promise.all(ids.map((id) => this.client.get(this.taskKey(id)))));
    const records: TaskRecord[] = [];
    const gone: string[] = [];
    jsons.forEach((json, i) => {
      if (json === null) gone.push(ids[i]);
      else records.push(JSON.parse(json) as TaskRecord);
    });
    if (gone.length) await guarded(this.client.zrem(index, ...gone));
    return { records: records.slice(offset, offset + limit), total: records.length };
  }

  async delete(taskId: string): Promise<void> {
    const record = await this.get(taskId);
    if (!record) return;
    await guarded(this.client.multi().del(this.taskKey(taskId)).zrem(this.indexKey(record.owner), taskId).exec());
  }

  private taskKey(taskId: string): string {
    return `${this.prefix}task:${taskId}`;
  }

  private indexKey(owner: string): string {
    return `${this.prefix}tasks:${owner}`;
  }
}
