import { EventEmitter, once } from 'node:events';
import { McpApplication } from '../../src';
import type { JsonRpcMessage } from '../../src/core/protocol/json-rpc';
import { TestClient } from '../../src/testing';
import { FixtureServer } from './fixtures';

const TASKS = 'io.modelcontextprotocol/tasks';
const TERMINAL = ['completed', 'failed', 'cancelled'];

describe('the tasks extension (2026-07-28)', () => {
  let app: McpApplication;
  let client: TestClient;
  /** Task ids whose task reached a terminal status, as the bus announced it. */
  const finished = new Set<string>();
  const changes = new EventEmitter();

  /** The status each task last announced on the bus. */
  const statuses = new Map<string, string>();

  beforeEach(async () => {
    // A tool that may run as a task is promoted after 20 ms: the calls here take a second or more,
    // or wait for input (which promotes at once).
    app = await McpApplication.create(FixtureServer, { tasks: { promoteAfterMs: 20, pollIntervalMs: 10 } });
    app.engine.bus.subscribe((event) => {
      if (event.type !== 'task_status') return;
      statuses.set(event.detail.taskId as string, event.detail.status as string);
      changes.emit('status');
      if (!TERMINAL.includes(event.detail.status as string)) return;
      finished.add(event.detail.taskId as string);
      changes.emit('finished');
    });
    client = await TestClient.connect(app, {
      era: 'stateless',
      capabilities: { elicitation: {}, extensions: { [TASKS]: {} } },
    });
  });

  /** Resolves once the task has announced `status` (or did so already). */
  async function whenStatus(taskId: string, status: string) {
    while (statuses.get(taskId) !== status) await once(changes, 'status');
  }

  /** The task once it has finished (told by its status notification, not found by polling). */
  async function whenDone(taskId: string) {
    while (!finished.has(taskId)) await once(changes, 'finished');
    return client.request('tasks/get', { taskId });
  }

  it('is advertised as an extension by server/discover', async () => {
    const discovered = await client.request('server/discover');
    expect(discovered.capabilities).toMatchObject({ extensions: { [TASKS]: {} } });
    expect(discovered.capabilities).not.toHaveProperty('tasks');
  });

  it('answers a tool that requires tasks with a task handle, then the result through tasks/get', async () => {
    const handle = await client.callTool('batchOnly', {});
    expect(handle).toMatchObject({ resultType: 'task', status: 'working', pollIntervalMs: 10 });
    expect(typeof handle.ttlMs).toBe('number');
    const done = await whenDone(handle.taskId as string);
    expect(done).toMatchObject({
      resultType: 'complete',
      status: 'completed',
      result: { content: [{ text: 'done' }] },
    });
  });

  it('refuses a tool that requires tasks to a client without the extension, with -32021', async () => {
    const plain = await TestClient.connect(app, { era: 'stateless' });
    await expect(plain.callTool('batchOnly', {})).rejects.toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: { [TASKS]: {} } } },
    });
  });

  it('answers an optional tool that finishes within promoteAfterMs directly', async () => {
    // Its own application, whose promotion no loaded machine reaches while the tool does no work.
    const patient = await McpApplication.create(FixtureServer, { tasks: { promoteAfterMs: 60_000 } });
    const caller = await TestClient.connect(patient, {
      era: 'stateless',
      capabilities: { extensions: { [TASKS]: {} } },
    });
    expect(await caller.callTool('slowReport', { ms: 0 })).toMatchObject({
      resultType: 'complete',
      content: [{ text: 'report after 0 ms' }],
    });
  });

  it('promotes an optional tool that runs longer than promoteAfterMs to a task', async () => {
    const handle = await client.callTool('slowReport', { ms: 1_000 });
    expect(handle.resultType).toBe('task');
    expect(await whenDone(handle.taskId as string)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'report after 1000 ms' }] },
    });
  });

  it('puts questions on the task and takes the answers through tasks/update', async () => {
    const handle = await client.callTool('slowReport', { ms: 0, confirm: true });
    expect(handle.resultType).toBe('task');
    // A loaded machine may promote the call by its 20 ms timer before the tool has asked.
    await whenStatus(handle.taskId as string, 'input_required');
    const waiting = await client.request('tasks/get', { taskId: handle.taskId });
    expect(waiting).toMatchObject({
      status: 'input_required',
      inputRequests: { 'input-0': { method: 'elicitation/create', params: { message: 'Publish the report?' } } },
    });
    expect(
      await client.request('tasks/update', {
        taskId: handle.taskId,
        inputResponses: { 'input-0': { action: 'accept', content: { answer: 'yes' } }, stale: { action: 'cancel' } },
      }),
    ).toMatchObject({ resultType: 'complete' });
    expect(await whenDone(handle.taskId as string)).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'published: yes' }] },
    });
  });

  it('acknowledges cancellation, running or finished, and refuses unknown ids', async () => {
    const handle = await client.callTool('slowReport', { ms: 5_000 });
    expect(await client.request('tasks/cancel', { taskId: handle.taskId })).toEqual({
      resultType: 'complete',
      _meta: expect.any(Object),
    });
    expect(await client.request('tasks/get', { taskId: handle.taskId })).toMatchObject({ status: 'cancelled' });
    expect(await client.request('tasks/cancel', { taskId: handle.taskId })).toMatchObject({ resultType: 'complete' });
    await expect(client.request('tasks/update', { taskId: 'nope', inputResponses: {} })).rejects.toMatchObject({
      code: -32602,
    });
  });

  it('offers neither tasks/list nor tasks/result, which the extension removed', async () => {
    await expect(client.request('tasks/list')).rejects.toMatchObject({ code: -32601 });
    await expect(client.request('tasks/result', { taskId: 'x' })).rejects.toMatchObject({ code: -32601 });
  });

  it('streams notifications/tasks to a subscriptions/listen that asked for the task', async () => {
    const handle = await client.callTool('slowReport', { ms: 1_000 });
    const sent: JsonRpcMessage[] = [];
    const delivered = new EventEmitter();
    const connection = app.engine.connect({
      send: (m) => {
        sent.push(m);
        delivered.emit('message', m);
      },
    });
    const update = new Promise<any>((resolve) =>
      delivered.on('message', (m) => 'method' in m && m.method === 'notifications/tasks' && resolve(m)),
    );
    void connection.receiveMessage({
      jsonrpc: '2.0',
      id: 'listen:1',
      method: 'subscriptions/listen',
      params: {
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': { extensions: { [TASKS]: {} } },
        },
        notifications: { taskIds: [handle.taskId] },
      },
    });
    expect((await update).params).toMatchObject({
      taskId: handle.taskId,
      status: 'completed',
      result: { content: [{ text: 'report after 1000 ms' }] },
      _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen:1' },
    });
    connection.close();
  });
});
