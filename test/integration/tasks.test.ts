import { EventEmitter, once } from 'node:events';
import { McpApplication, MemoryTaskStore } from '../../src';
import type { TaskRecord } from '../../src/core/stores/task-record';
import { TestClient } from '../../src/testing';
import { FixtureServer } from './fixtures';

const RELATED = 'io.modelcontextprotocol/related-task';

/** A task store whose clock the test sets, and which tells when a task's outcome is written. */
class ObservedTaskStore extends MemoryTaskStore {
  readonly writes = new EventEmitter();
  constructor(readonly clock = { now: Date.now() }) {
    super({ now: () => clock.now });
  }
  override async put(record: TaskRecord): Promise<void> {
    await super.put(record);
    if (record.outcome) this.writes.emit('outcome', record.task.taskId, record.task.status);
  }
}

describe('tasks (2025-11-25, session era)', () => {
  let app: McpApplication;
  let client: TestClient;
  let store: ObservedTaskStore;
  beforeEach(async () => {
    store = new ObservedTaskStore();
    app = await McpApplication.create(FixtureServer, { tasks: { pollIntervalMs: 20 }, taskStore: store });
    client = await TestClient.connect(app, {
      onElicit: async () => ({ action: 'accept', content: { answer: 'yes' } }),
    });
  });

  const startTask = async (args: Record<string, unknown>, ttl?: number) =>
    ((await client.request('tools/call', { name: 'slowReport', arguments: args, task: ttl ? { ttl } : {} })) as any)
      .task;

  it('is declared when a tool supports it, and each tool says how', async () => {
    expect(app.engine.capabilities().tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    const { tools } = (await client.listTools()) as { tools: any[] };
    expect(tools.find((t) => t.name === 'slowReport').execution).toEqual({ taskSupport: 'optional' });
    expect(tools.find((t) => t.name === 'add').execution).toBeUndefined();
  });

  it('answers a task-augmented call at once, then the result through tasks/result', async () => {
    const task = await startTask({ ms: 50 }, 60_000);
    expect(task).toMatchObject({ status: 'working', ttl: 60_000, pollInterval: 20 });
    expect(Date.parse(task.createdAt)).not.toBeNaN();
    expect(await client.request('tasks/get', { taskId: task.taskId })).toMatchObject({ status: 'working' });

    const result = await client.request('tasks/result', { taskId: task.taskId });
    expect(result).toEqual({
      content: [{ type: 'text', text: 'report after 50 ms' }],
      _meta: { [RELATED]: { taskId: task.taskId } },
    });
    expect(await client.request('tasks/get', { taskId: task.taskId })).toMatchObject({ status: 'completed' });
    const statuses = client.notifications.filter((n) => n.method === 'notifications/tasks/status');
    expect(statuses.map((n) => n.params?.status)).toEqual(['completed']);
  });

  it('moves to input_required while the tool waits for the user, tagging the request with the task', async () => {
    const asked: Record<string, any>[] = [];
    client = await TestClient.connect(app, {
      onElicit: async (params) => {
        asked.push(params);
        return { action: 'accept', content: { answer: 'yes' } };
      },
    });
    const task = await startTask({ ms: 0, confirm: true });
    expect(await client.request('tasks/result', { taskId: task.taskId })).toMatchObject({
      content: [{ text: 'published: yes' }],
    });
    expect(asked[0]._meta).toEqual({ [RELATED]: { taskId: task.taskId } });
    const statuses = client.notifications
      .filter((n) => n.method === 'notifications/tasks/status')
      .map((n) => n.params?.status);
    expect(statuses).toEqual(['input_required', 'working', 'completed']);
  });

  it('lists the tasks of their owner only', async () => {
    const task = await startTask({ ms: 0 });
    expect(((await client.request('tasks/list')) as any).tasks.map((t: any) => t.taskId)).toEqual([task.taskId]);
    const stranger = await TestClient.connect(app);
    expect(((await stranger.request('tasks/list')) as any).tasks).toEqual([]);
    await expect(stranger.request('tasks/get', { taskId: task.taskId })).rejects.toMatchObject({ code: -32602 });
  });

  it('cancels a working task, and refuses to cancel a finished one', async () => {
    const task = await startTask({ ms: 5_000 });
    // Its request ends once cancelled, and the task keeps the cancellation, whatever the request returned.
    const ended = once(store.writes, 'outcome');
    const cancelled = await client.request('tasks/cancel', { taskId: task.taskId });
    expect(cancelled).toMatchObject({ taskId: task.taskId, status: 'cancelled' });
    await expect(client.request('tasks/cancel', { taskId: task.taskId })).rejects.toMatchObject({ code: -32602 });
    expect(await ended).toEqual([task.taskId, 'cancelled']);
    expect(await client.request('tasks/get', { taskId: task.taskId })).toMatchObject({ status: 'cancelled' });
  });

  it('forgets a task once its ttl has passed', async () => {
    const task = await startTask({ ms: 0 }, 30);
    expect(await client.request('tasks/get', { taskId: task.taskId })).toMatchObject({ ttl: 30 });
    store.clock.now = Date.parse(task.createdAt) + 30;
    await expect(client.request('tasks/get', { taskId: task.taskId })).rejects.toMatchObject({
      code: -32602,
      message: 'Failed to retrieve task: Task not found',
    });
  });

  it('answers unknown task ids with -32602', async () => {
    for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
      await expect(client.request(method, { taskId: 'nope' })).rejects.toMatchObject({ code: -32602 });
    }
  });

  it('refuses a task for a tool that forbids it, and a plain call for a tool that requires it', async () => {
    await expect(
      client.request('tools/call', { name: 'add', arguments: { a: 1, b: 2 }, task: {} }),
    ).rejects.toMatchObject({
      code: -32601,
    });
    await expect(client.callTool('batchOnly', {})).rejects.toMatchObject({ code: -32601 });
    const { task } = (await client.request('tools/call', { name: 'batchOnly', task: {} })) as any;
    expect(await client.request('tasks/result', { taskId: task.taskId })).toMatchObject({
      content: [{ text: 'done' }],
    });
  });

  it('marks a task whose tool reports an error as failed', async () => {
    const { task } = (await client.request('tools/call', {
      name: 'slowReport',
      arguments: { ms: -1 },
      task: {},
    })) as any;
    expect(await client.request('tasks/result', { taskId: task.taskId })).toMatchObject({ isError: true });
    expect(await client.request('tasks/get', { taskId: task.taskId })).toMatchObject({ status: 'failed' });
  });
});
