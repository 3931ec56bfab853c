import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { exampleCommand } from './support/spawn-example';

jest.setTimeout(30_000);

describe('tasks example, session era (sdk 1.32 experimental tasks, stdio)', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'tasks-peer', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { publish: true } }));
    const { command, args, env, cwd } = exampleCommand('tasks');
    await client.connect(new StdioClientTransport({ command, args, env, cwd, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client?.close();
  });

  async function runAsTask(name: string, args: Record<string, unknown>) {
    const kinds: string[] = [];
    let result: any;
    for await (const message of client.experimental.tasks.callToolStream(
      { name, arguments: args },
      CallToolResultSchema,
      {
        task: { ttl: 60_000 },
      },
    )) {
      kinds.push(message.type);
      if (message.type === 'result') result = message.result;
      if (message.type === 'error') throw message.error;
    }
    return { kinds, result };
  }

  it('advertises task support per tool', async () => {
    expect(client.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    const { tools } = await client.listTools();
    expect(tools.map((t) => [t.name, t.execution?.taskSupport])).toEqual([
      ['generate_report', 'optional'],
      ['archive_all', 'required'],
    ]);
  });

  it('runs a tool as a task: created, polled, then its result', async () => {
    const { kinds, result } = await runAsTask('generate_report', { topic: 'bees', sections: 2, msPerSection: 50 });
    expect(kinds[0]).toBe('taskCreated');
    expect(kinds.at(-1)).toBe('result');
    expect(result.content[0].text).toBe('Report on bees:\n1. bees: part 1\n2. bees: part 2');
  });

  it('asks the user from inside a task and finishes with the answer', async () => {
    const { result } = await runAsTask('generate_report', {
      topic: 'ants',
      sections: 1,
      msPerSection: 0,
      confirm: true,
    });
    expect(result.content[0].text).toBe('Report on ants:\n1. ants: part 1');
  });

  it('still answers a plain call of an optional tool directly', async () => {
    const result = await client.callTool({
      name: 'generate_report',
      arguments: { topic: 'owls', sections: 1, msPerSection: 0 },
    });
    expect((result.content as { text: string }[])[0].text).toBe('Report on owls:\n1. owls: part 1');
  });

  it('refuses a plain call of a tool that requires a task', async () => {
    // callTool() would refuse locally; the raw request shows what the server answers.
    const plain = client.request(
      { method: 'tools/call', params: { name: 'archive_all', arguments: {} } },
      CallToolResultSchema,
    );
    await expect(plain).rejects.toThrow(/-32601.*must run as a task/);
  });

  it('lists, and cancels, the tasks of this session', async () => {
    const stream = client.experimental.tasks.callToolStream(
      { name: 'generate_report', arguments: { topic: 'slow', sections: 20, msPerSection: 1000 } },
      CallToolResultSchema,
      { task: { ttl: 60_000 } },
    );
    const created = (await stream.next()).value as { type: string; task: { taskId: string } };
    expect(created.type).toBe('taskCreated');
    const { tasks } = await client.experimental.tasks.listTasks();
    expect(tasks.map((t) => t.taskId)).toContain(created.task.taskId);
    const cancelled = await client.experimental.tasks.cancelTask(created.task.taskId);
    expect(cancelled.status).toBe('cancelled');
    await expect(client.experimental.tasks.cancelTask(created.task.taskId)).rejects.toThrow(/already cancelled/);
    await stream.return(undefined);
  });
});

describe('tasks example, 2026-07-28 tasks extension (raw JSON-RPC over stdio)', () => {
  let child: ChildProcessWithoutNullStreams;
  const lines: Record<string, any>[] = [];
  const arrivals = new EventEmitter();
  let nextId = 1;
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
  };

  async function request(method: string, params: Record<string, unknown> = {}) {
    const id = nextId++;
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: envelope } })}\n`);
    // Each stdout line wakes the wait; the server exiting ends it.
    for (;;) {
      const index = lines.findIndex((line) => line.id === id);
      if (index >= 0) return lines.splice(index, 1)[0];
      if (child.exitCode !== null) throw new Error(`no answer to ${method}: the server exited`);
      await once(arrivals, 'line');
    }
  }

  beforeAll(() => {
    const { command, args, env, cwd } = exampleCommand('tasks');
    child = spawn(command, args, { env, cwd });
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const part of parts) lines.push(JSON.parse(part));
      arrivals.emit('line');
    });
    child.once('exit', () => arrivals.emit('line'));
  });
  afterAll(() => {
    child?.kill();
  });

  it('answers a tool that requires a task with a handle, and the result through tasks/get', async () => {
    const discover = await request('server/discover');
    expect(discover.result.capabilities.extensions).toEqual({ 'io.modelcontextprotocol/tasks': {} });
    const handle = (await request('tools/call', { name: 'archive_all', arguments: {} })).result;
    expect(handle).toMatchObject({ resultType: 'task', status: 'working', pollIntervalMs: 50 });
    let task: Record<string, any> = handle;
    // Polling as the extension tells a client to, every pollIntervalMs.
    for (let polls = 0; polls < 100 && task.status === 'working'; polls++) {
      await new Promise((resolve) => setTimeout(resolve, task.pollIntervalMs));
      task = (await request('tasks/get', { taskId: handle.taskId })).result;
    }
    expect(task).toMatchObject({
      resultType: 'complete',
      status: 'completed',
      result: { content: [{ text: 'Archived 42 reports' }] },
    });
  });
});
