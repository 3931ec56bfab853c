import type { TaskRecord, TaskStatus } from '../../../src/core/stores/task-record';
import { MemoryTaskStore } from '../../../src/state/memory/memory-task-store';

const record = (
  taskId: string,
  status: TaskStatus = 'working',
  ttl: number | null = 60_000,
  owner = 'session:a',
): TaskRecord => ({
  task: { taskId, status, createdAt: new Date(0).toISOString(), lastUpdatedAt: new Date(0).toISOString(), ttl },
  owner,
  isErrorFails: true,
});

describe('MemoryTaskStore bounds', () => {
  it('sweeps out expired tasks nobody asks about', async () => {
    let now = 0;
    const store = new MemoryTaskStore({ now: () => now });
    await store.put(record('old'));
    now = 120_000;
    await store.put(record('new', 'working', null));
    expect(store.size).toBe(1);
    expect(await store.get('old')).toBeUndefined();
  });

  it('makes room by dropping the oldest finished task when full', async () => {
    const store = new MemoryTaskStore({ maxTasks: 2, now: () => 0 });
    await store.put(record('running'));
    await store.put(record('done', 'completed'));
    await store.put(record('third'));
    expect(await store.get('done')).toBeUndefined();
    expect(await store.get('running')).toBeDefined();
    expect(await store.get('third')).toBeDefined();
  });

  it('refuses a new task when every kept task is still running, and updates still work', async () => {
    const store = new MemoryTaskStore({ maxTasks: 2, now: () => 0 });
    await store.put(record('a'));
    await store.put(record('b'));
    await expect(store.put(record('c'))).rejects.toThrow(/maximum of 2 tasks/);
    await expect(store.put(record('a', 'completed'))).resolves.toBeUndefined();
  });

  it("lists one owner's tasks, oldest first, and forgets deleted and expired ones", async () => {
    let now = 0;
    const store = new MemoryTaskStore({ now: () => now });
    await store.put(record('a1', 'working', 1000));
    await store.put(record('b1', 'working', null, 'session:b'));
    await store.put(record('a2', 'working', null));
    await store.put(record('a3', 'working', null));
    await store.delete('a3');
    expect((await store.list('session:a', 0, 10)).records.map((r) => r.task.taskId)).toEqual(['a1', 'a2']);
    now = 1000;
    expect(await store.list('session:a', 0, 10)).toMatchObject({ total: 1, records: [{ task: { taskId: 'a2' } }] });
    expect((await store.list('session:b', 0, 10)).total).toBe(1);
    expect((await store.list('session:c', 0, 10)).total).toBe(0);
  });
});
