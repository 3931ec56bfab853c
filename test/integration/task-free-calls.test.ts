import {
  type CanActivate,
  type ExecutionContext,
  Logger,
  McpApplication,
  McpServer,
  RateLimit,
  Tool,
  UseGuards,
} from '../../src';
import { CallPipeline } from '../../src/pipeline/call-pipeline';
import { SessionTasks } from '../../src/protocol/session/session-tasks';
import { StatelessTasks } from '../../src/protocol/stateless/stateless-tasks';
import { TaskManager } from '../../src/tasks/task-manager';
import { TestClient } from '../../src/testing';

const ADA = { subject: 'ada', scopes: [] };
const BOB = { subject: 'bob', scopes: [] };

class AdaOnly implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    return ctx.mcp.auth?.subject === 'ada';
  }
}

@McpServer({ name: 'task-free', version: '1.0.0' })
class TaskFreeServer {
  @Tool({ description: 'Says hello (tasks forbidden, the default)' })
  hello() {
    return 'hello';
  }

  @Tool({ description: 'For Ada only (tasks forbidden)' })
  @UseGuards(AdaOnly)
  secret() {
    return 'the secret';
  }

  @Tool({ description: 'Twice a minute (tasks forbidden)' })
  @RateLimit({ limit: 2, windowMs: 60_000, per: 'global' })
  ping() {
    return 'pong';
  }

  @Tool({ description: 'May run as a task', taskSupport: 'optional' })
  report() {
    return 'the report';
  }

  @Tool({ description: 'For Ada only; may run as a task', taskSupport: 'optional' })
  @UseGuards(AdaOnly)
  adaReport() {
    return "Ada's report";
  }
}

const text = (result: Record<string, any>) => result.content[0].text as string;

describe.each([
  ['session', SessionTasks],
  ['stateless', StatelessTasks],
] as const)('tools/call without task machinery (%s era)', (era, TaskEra) => {
  let app: McpApplication;
  let taskCalls: jest.SpyInstance;
  let taskStarts: jest.SpyInstance;
  let admissions: jest.SpyInstance;
  beforeEach(async () => {
    app = await McpApplication.create(TaskFreeServer, { logger: new Logger('armature', 'silent') });
    taskCalls = jest.spyOn(TaskEra.prototype, 'callTool');
    taskStarts = jest.spyOn(TaskManager.prototype, 'start');
    admissions = jest.spyOn(CallPipeline.prototype, 'admit');
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it('runs a tool that forbids tasks without asking the era about tasks', async () => {
    const client = await TestClient.connect(app, { era, auth: ADA });
    for (let i = 0; i < 3; i++) expect(text(await client.callTool('hello'))).toBe('hello');
    expect(taskCalls).not.toHaveBeenCalled();
    expect(admissions).not.toHaveBeenCalled();
    expect(taskStarts).not.toHaveBeenCalled();
  });

  it('still refuses a task for a tool that forbids them (2025-11-25), or runs it directly (2026-07-28)', async () => {
    const client = await TestClient.connect(app, { era, auth: ADA });
    const asTask = client.request('tools/call', { name: 'hello', task: {} });
    if (era === 'session') {
      await expect(asTask).rejects.toMatchObject({ code: -32601, message: 'Tool "hello" cannot run as a task' });
    } else expect(text(await asTask)).toBe('hello');
    expect(taskStarts).not.toHaveBeenCalled();
  });

  it('still applies guards and rate limits to a tool that forbids tasks', async () => {
    const ada = await TestClient.connect(app, { era, auth: ADA });
    const bob = await TestClient.connect(app, { era, auth: BOB });
    expect(text(await ada.callTool('secret'))).toBe('the secret');
    await expect(bob.callTool('secret')).rejects.toMatchObject({ code: -32602, message: 'Unknown tool: secret' });
    expect(text(await ada.callTool('ping'))).toBe('pong');
    expect(text(await bob.callTool('ping'))).toBe('pong');
    const refused = await ada.callTool('ping');
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/^Rate limit reached for "ping"/);
    expect(taskCalls).not.toHaveBeenCalled();
  });

  it('serves every request of a client with one task exchange, and admits ungated tools without a promise', async () => {
    const ada = await TestClient.connect(app, { era, auth: ADA });
    const bob = await TestClient.connect(app, { era, auth: BOB });
    expect(text(await ada.callTool('report'))).toBe('the report');
    expect(text(await ada.callTool('report'))).toBe('the report');
    expect(text(await bob.callTool('report'))).toBe('the report');
    const [first, second, other] = taskCalls.mock.contexts;
    expect(second).toBe(first);
    // Session-era tasks belong to a connection; the 2026-07-28 extension to the engine.
    if (era === 'session') expect(other).not.toBe(first);
    else expect(other).toBe(first);
    expect(admissions.mock.results.map((r) => r.value)).toEqual([undefined, undefined, undefined]);

    // A guarded tool that may run as a task is still admitted before anything starts.
    expect(text(await ada.callTool('adaReport'))).toBe("Ada's report");
    await expect(bob.callTool('adaReport')).rejects.toMatchObject({ message: 'Unknown tool: adaReport' });
    expect(admissions.mock.results.slice(3).map((r) => r.value instanceof Promise)).toEqual([true, true]);
    expect(taskCalls).toHaveBeenCalledTimes(4);
  });
});

describe('what every 2026-07-28 result carries', () => {
  it('names the server with the one server info built for the engine, not one per result', async () => {
    const app = await McpApplication.create(TaskFreeServer, { logger: new Logger('armature', 'silent') });
    const client = await TestClient.connect(app, { era: 'stateless' });
    const serverInfo = 'io.modelcontextprotocol/serverInfo';
    const first = (await client.callTool('hello'))._meta as Record<string, unknown>;
    const second = (await client.callTool('report'))._meta as Record<string, unknown>;
    expect(first[serverInfo]).toEqual({ name: 'task-free', version: '1.0.0' });
    expect(second[serverInfo]).toBe(first[serverInfo]);
    await app.close();
  });

  it('answers server/discover from one result until a list change alters the capabilities', async () => {
    const app = await McpApplication.create(TaskFreeServer, { logger: new Logger('armature', 'silent') });
    const client = await TestClient.connect(app, { era: 'stateless' });
    const first = await client.request('server/discover');
    expect(await client.request('server/discover')).toBe(first);
    expect(first.capabilities).toMatchObject({ extensions: { 'io.modelcontextprotocol/tasks': {} } });

    app.registry.disableTool('report');
    app.registry.disableTool('adaReport');
    const changed = await client.request('server/discover');
    expect(changed.capabilities).toEqual({ logging: {}, tools: { listChanged: true } });
    expect(changed._meta).toBe(first._meta);
    await app.close();
  });
});
