import type { TaskRecord } from '../../../src/core/stores/task-record';
import type { TaskStore } from '../../../src/core/stores/task-store';
import { MemoryTaskStore } from '../../../src/state/memory/memory-task-store';
import { redisSandbox } from './redis-fixture';

const HOUR = 3_600_000;
let clock = Date.parse('2026-07-28T10:00:00Z');

function task(taskId: string, owner: string, createdMsAgo = 0, ttl: number | null = HOUR): TaskRecord {
  const createdAt = new Date(clock - createdMsAgo).toISOString();
  return {
    task: { taskId, status: 'working', createdAt, lastUpdatedAt: createdAt, ttl, pollInterval: 1000 },
    owner,
    isErrorFails: true,
  };
}

/** What every TaskStore does, whatever holds the tasks. */
function behavesAsATaskStore(open: () => Promise<TaskStore>) {
  let store: TaskStore;
  beforeEach(async () => {
    store = await open();
  });

  it('keeps a task with its outcome and gives it back as stored', async () => {
    const record = task('t-get', 'principal:alice');
    await store.put(record);
    const done: TaskRecord = {
      ...record,
      task: { ...record.task, status: 'completed' },
      outcome: { result: { content: [{ type: 'text', text: 'done' }] } },
    };
    await store.put(done);
    expect(await store.get('t-get')).toEqual(done);
    expect(await store.get('missing')).toBeUndefined();
  });

  it("lists an owner's tasks oldest first, page by page, and nobody else's", async () => {
    await store.put(task('l-old', 'principal:bob', 2_000));
    await store.put(task('l-mid', 'principal:bob', 1_000));
    await store.put(task('l-carol', 'principal:carol', 500));
    await store.put(task('l-new', 'principal:bob', 0));
    const first = await store.list('principal:bob', 0, 2);
    expect(first.total).toBe(3);
    expect(first.records.map((r) => r.task.taskId)).toEqual(['l-old', 'l-mid']);
    expect((await store.list('principal:bob', 2, 2)).records.map((r) => r.task.taskId)).toEqual(['l-new']);
  });

  it('forgets a deleted task, in lookups and in lists', async () => {
    await store.put(task('d-1', 'principal:dave'));
    await store.put(task('d-2', 'principal:dave'));
    await store.delete('d-1');
    expect(await store.get('d-1')).toBeUndefined();
    expect((await store.list('principal:dave', 0, 10)).records.map((r) => r.task.taskId)).toEqual(['d-2']);
  });

  it('drops a task whose ttl has passed since its creation', async () => {
    await store.put(task('x-old', 'principal:erin', HOUR + 1));
    await store.put(task('x-fresh', 'principal:erin', HOUR - 60_000));
    expect(await store.get('x-old')).toBeUndefined();
    expect((await store.list('principal:erin', 0, 10)).records.map((r) => r.task.taskId)).toEqual(['x-fresh']);
  });
}

describe('MemoryTaskStore', () => {
  behavesAsATaskStore(async () => new MemoryTaskStore({ now: () => clock }));
});

describe('RedisTaskStore', () => {
  const redis = redisSandbox();
  afterAll(() => redis.cleanup());
  // Redis expires keys by its own clock: the tasks are dated relative to the real time.
  beforeAll(() => {
    clock = Date.now();
  });
  behavesAsATaskStore(async () => (await redis.state()).tasks);

  it('lets Redis expire the task when its ttl has passed, and lists without it afterwards', async () => {
    const { tasks } = await redis.state();
    await tasks.put(task('r-exp', 'principal:frank', 0, HOUR));
    const key = `${redis.prefix}task:r-exp`;
    const left = await redis.raw.pttl(key);
    expect(left).toBeGreaterThan(HOUR - 60_000);
    expect(left).toBeLessThanOrEqual(HOUR);
    expect(await redis.raw.pttl(`${redis.prefix}tasks:principal:frank`)).toBeGreaterThan(HOUR - 60_000);
    await redis.raw.pexpireat(key, Date.now() - 1);
    expect(await tasks.list('principal:frank', 0, 10)).toEqual({ records: [], total: 0 });
    expect(await redis.raw.zcard(`${redis.prefix}tasks:principal:frank`)).toBe(0);
  });

  it('answers for a task on every instance', async () => {
    const a = await redis.state();
    const b = await redis.state();
    await a.tasks.put(task('shared-task', 'principal:gina'));
    expect((await b.tasks.get('shared-task'))?.owner).toBe('principal:gina');
  });
});
