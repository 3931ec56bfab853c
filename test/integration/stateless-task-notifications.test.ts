import { IsString } from 'class-validator';
import { McpApplication, McpContext, McpServer, Tool } from '../../src';
import type { JsonObject, JsonRpcMessage, JsonRpcNotification } from '../../src/core/protocol/json-rpc';
import type { Connection } from '../../src/protocol/connection';

const TASKS = 'io.modelcontextprotocol/tasks';
const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';

/** Opened by the test, so a task does its next step exactly when the test is ready for it. */
class Gate {
  private open!: () => void;
  readonly opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  release(): void {
    this.open();
  }
}

let gate: Gate;

class Answer {
  @IsString()
  answer!: string;
}

@McpServer({ name: 'jobs', version: '1.0.0' })
class JobServer {
  @Tool({ description: 'A background job that reports as it goes', taskSupport: 'required' })
  async job(ctx: McpContext) {
    await gate.opened;
    await ctx.progress(1, 2, 'half way');
    ctx.info('half way there');
    return 'finished';
  }

  @Tool({ description: 'A background job that waits until it is cancelled', taskSupport: 'required' })
  async endless(ctx: McpContext) {
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    return 'stopped';
  }

  @Tool({ description: 'A background job that asks the user first', taskSupport: 'required' })
  async askFirst(ctx: McpContext) {
    await gate.opened;
    const reply = await ctx.elicit('Go ahead?', Answer);
    return reply.action === 'accept' ? `go: ${reply.content.answer}` : 'stopped';
  }
}

function envelope(extra: JsonObject = {}): JsonObject {
  return {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': { elicitation: {}, extensions: { [TASKS]: {} } },
    'io.modelcontextprotocol/logLevel': 'info',
    ...extra,
  };
}

/** A client connection that records what it is sent and lets a test wait for a message by its shape. */
class Peer {
  readonly received: JsonRpcMessage[] = [];
  readonly connection: Connection;
  private readonly waiters = new Set<() => void>();
  private nextId = 1;

  constructor(app: McpApplication) {
    this.connection = app.engine.connect({
      send: (message) => {
        this.received.push(message);
        for (const wake of [...this.waiters]) wake();
      },
    });
  }

  async call(method: string, params: JsonObject = {}, meta: JsonObject = {}): Promise<JsonObject> {
    const response = await this.connection.receiveMessage({
      jsonrpc: '2.0',
      id: this.nextId++,
      method,
      params: { ...params, _meta: envelope(meta) },
    });
    if (!response || 'error' in response) throw new Error(`${method} failed: ${JSON.stringify(response)}`);
    return response.result;
  }

  /** Opens a subscriptions/listen for one task; resolves once the server acknowledged it. */
  async listenTo(taskId: string): Promise<void> {
    void this.connection.receiveMessage({
      jsonrpc: '2.0',
      id: 'listen',
      method: 'subscriptions/listen',
      params: { notifications: { taskIds: [taskId] }, _meta: envelope() },
    });
    await this.next('notifications/subscriptions/acknowledged');
  }

  /** The first notification of `method` matching `where`, now or when it arrives. */
  next(method: string, where: (params: JsonObject) => boolean = () => true): Promise<JsonRpcNotification> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.received.find(
          (m): m is JsonRpcNotification => 'method' in m && m.method === method && where(m.params ?? {}),
        );
        if (!found) return;
        this.waiters.delete(check);
        resolve(found);
      };
      this.waiters.add(check);
      check();
    });
  }
}

describe('a 2026-07-28 task after its creating request was answered', () => {
  let app: McpApplication;
  let peer: Peer;
  beforeEach(async () => {
    gate = new Gate();
    app = await McpApplication.create(JobServer);
    peer = new Peer(app);
  });
  afterEach(() => peer.connection.close());

  it('sends its progress and log messages to the subscriptions/listen that asked for it', async () => {
    const handle = await peer.call('tools/call', { name: 'job', arguments: {} }, { progressToken: 'p1' });
    expect(handle).toMatchObject({ resultType: 'task', status: 'working' });
    await peer.listenTo(handle.taskId as string);
    gate.release();
    const progress = await peer.next('notifications/progress');
    expect(progress.params).toMatchObject({
      progressToken: 'p1',
      progress: 1,
      total: 2,
      message: 'half way',
      _meta: { [SUBSCRIPTION]: 'listen', [RELATED_TASK]: { taskId: handle.taskId } },
    });
    const log = await peer.next('notifications/message');
    expect(log.params).toMatchObject({ level: 'info', data: 'half way there', _meta: { [SUBSCRIPTION]: 'listen' } });
    const done = await peer.next('notifications/tasks', (params) => params.status === 'completed');
    expect(done.params).toMatchObject({ taskId: handle.taskId, result: { content: [{ text: 'finished' }] } });
  });

  it('tells the subscription when tasks/cancel cancelled it', async () => {
    const handle = await peer.call('tools/call', { name: 'endless', arguments: {} });
    await peer.listenTo(handle.taskId as string);
    await peer.call('tasks/cancel', { taskId: handle.taskId });
    const cancelled = await peer.next('notifications/tasks', (params) => params.status === 'cancelled');
    expect(cancelled.params).toMatchObject({ taskId: handle.taskId, _meta: { [SUBSCRIPTION]: 'listen' } });
  });

  it('tells the subscription that it works again once tasks/update answered its question', async () => {
    const handle = await peer.call('tools/call', { name: 'askFirst', arguments: {} });
    await peer.listenTo(handle.taskId as string);
    gate.release();
    const question = await peer.next('notifications/tasks', (params) => params.status === 'input_required');
    expect(question.params).toMatchObject({ inputRequests: { 'input-0': { method: 'elicitation/create' } } });
    await peer.call('tasks/update', {
      taskId: handle.taskId,
      inputResponses: { 'input-0': { action: 'accept', content: { answer: 'yes' } } },
    });
    await peer.next('notifications/tasks', (params) => params.status === 'working');
    const done = await peer.next('notifications/tasks', (params) => params.status === 'completed');
    expect(done.params).toMatchObject({ result: { content: [{ text: 'go: yes' }] } });
  });
});
