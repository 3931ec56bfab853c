import { EventEmitter, once } from 'node:events';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Logger, McpApplication, MemorySessionStore, MemoryTaskStore } from '../../src';
import { REDIS_URL, redisSandbox } from '../integration/state/redis-fixture';
import { type HttpServerUnderTest, serveConformance } from './support/http-peers';
import { openSession, POST_HEADERS, raw } from './support/http-raw';
import { handlerEvents, SessionBoundServer } from './support/session-bound.server';
import { ROOT } from './support/spawn-example';
import { WatchedEventStore } from './support/watched-event-store';

jest.setTimeout(60_000);

/**
 * What a session leaves in the server's memory goes with the session: its SSE event log is
 * dropped when the client ends it or it expires, and the log is bounded in bytes while it lives.
 */
describe('state that ends with its session', () => {
  let server: HttpServerUnderTest;
  const store = new WatchedEventStore();

  beforeAll(async () => {
    server = await serveConformance({ transport: 'streamable-http', eventStore: store });
  });
  afterAll(() => server?.close());

  /** One call of the progress tool with a 1 MB progress token, read to its end on the SSE response. */
  async function progressCallWithHugeToken(session: string): Promise<string> {
    const call = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p'.repeat(1_000_000) } },
    };
    const res = await raw(server.url, {
      headers: { ...POST_HEADERS, 'mcp-session-id': session },
      body: JSON.stringify(call),
    });
    return res.text;
  }

  it('drops the event log of every session the client DELETEs (10 rounds of 1 MB tokens)', async () => {
    const forgotten = store.forgotten(10);
    for (let round = 0; round < 10; round++) {
      const session = await openSession(server.url, '2025-11-25');
      const stream = await progressCallWithHugeToken(session);
      expect(stream).toContain('Progress test completed');
      const ended = await raw(server.url, { method: 'DELETE', headers: { 'mcp-session-id': session } });
      expect(ended.status).toBe(204);
    }
    await forgotten;
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('drops the event log of a session that expires', async () => {
    const expiring = new WatchedEventStore();
    let now = 0;
    // The session store decides when a session is gone; the transport's views follow the same clock.
    const short = await serveConformance(
      { transport: 'streamable-http', eventStore: expiring, sessionTtlMs: 1000, clock: () => now },
      { sessionStore: new MemorySessionStore(() => now) },
    );
    try {
      const session = await openSession(short.url, '2025-11-25');
      const res = await raw(short.url, {
        headers: { ...POST_HEADERS, 'mcp-session-id': session },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p' } },
        }),
      });
      expect(res.text).toContain('Progress test completed');
      expect(expiring.size).toBeGreaterThan(0);
      const forgotten = expiring.forgotten(1);
      now += 1001;
      const gone = await raw(short.url, {
        headers: { ...POST_HEADERS, 'mcp-session-id': session },
        body: '{"jsonrpc":"2.0","id":2,"method":"ping"}',
      });
      expect(gone.status).toBe(404);
      await forgotten;
      expect(expiring.size).toBe(0);
    } finally {
      await short.close();
    }
  });
});

/** A task store that tells when it deletes a task, so a test waits on the deletion itself. */
class WatchedTaskStore extends MemoryTaskStore {
  readonly deleted: string[] = [];
  override async delete(taskId: string): Promise<void> {
    await super.delete(taskId);
    this.deleted.push(taskId);
    handlerEvents.emit('task deleted', taskId);
  }
}

/** SessionBoundServer in this process over HTTP, with its task store at hand. */
async function serveSessionBound(listen: Record<string, unknown>, create: Record<string, unknown> = {}) {
  const tasks = new WatchedTaskStore();
  const app = await McpApplication.create(SessionBoundServer, {
    logger: new Logger('armature', 'error'),
    taskStore: tasks,
    ...create,
  });
  await app.listen({ port: 0, ...listen });
  return { app, tasks, url: new URL(app.url as string) };
}

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'bounded-state-peer', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  await client.connect(transport);
  return client;
}

/**
 * Makes `client` hold every elicitation it is asked until `release()`, then accept: `asked(n)`
 * resolves when the nth question has arrived (call it before asking), `count()` says how many have.
 */
function holdElicitations(client: Client) {
  const questions = new EventEmitter();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let count = 0;
  client.setRequestHandler(ElicitRequestSchema, async () => {
    questions.emit('asked', ++count);
    await released;
    return { action: 'accept', content: { proceed: true } };
  });
  return {
    release,
    count: () => count,
    asked: (n: number) => new Promise<void>((resolve) => questions.on('asked', (k: number) => k === n && resolve())),
  };
}

/** Starts `work_until_cancelled` as a task; resolves with its id once the handler runs (in this process). */
async function startTask(client: Client, inThisProcess = true): Promise<{ taskId: string }> {
  const started = inThisProcess ? once(handlerEvents, 'started') : undefined;
  const stream = client.experimental.tasks.callToolStream(
    { name: 'work_until_cancelled', arguments: {} },
    CallToolResultSchema,
    { task: { ttl: 3_600_000 } },
  );
  const created = (await stream.next()).value as { type: string; task: { taskId: string } };
  expect(created.type).toBe('taskCreated');
  await started;
  return { taskId: created.task.taskId };
}

/**
 * A task outlives the request that started it, but not the session of an anonymous client: when
 * the session ends, however it ends, the task is cancelled (its handler sees the abort) and its
 * record leaves the store.
 */
describe('tasks that end with their session (SDK 1.x client)', () => {
  it('cancels and drops the tasks of a session the client DELETEs (streamable HTTP)', async () => {
    const server = await serveSessionBound({ transport: 'streamable-http' });
    const transport = new StreamableHTTPClientTransport(server.url);
    const client = await connect(transport);
    try {
      const task = await startTask(client);
      expect(server.tasks.size).toBe(1);
      const aborted = once(handlerEvents, 'aborted');
      const deleted = once(handlerEvents, 'task deleted');
      await transport.terminateSession();
      expect(await aborted).toEqual(['the client ended the session']);
      expect(await deleted).toEqual([task.taskId]);
      expect(server.tasks.size).toBe(0);
    } finally {
      await client.close();
      await server.app.close(2000);
    }
  });

  it('cancels and drops the tasks of a session its client abandons, once it expires (streamable HTTP)', async () => {
    let now = 0;
    // Sessions expire in the session store; the transport's idle views follow the same clock.
    const server = await serveSessionBound(
      { transport: 'streamable-http', sessionTtlMs: 1000, clock: () => now },
      { sessionStore: new MemorySessionStore(() => now) },
    );
    const client = await connect(new StreamableHTTPClientTransport(server.url));
    try {
      const task = await startTask(client);
      const aborted = once(handlerEvents, 'aborted');
      const deleted = once(handlerEvents, 'task deleted');
      // Gone without a DELETE: its standalone stream closes, and the session idles past its ttl.
      await client.close();
      now += 1001;
      // Expired in the store: the sweep ends the view, whether or not its stream had closed yet.
      expect(await aborted).toEqual([expect.stringMatching(/expired/)]);
      expect(await deleted).toEqual([task.taskId]);
      expect(server.tasks.size).toBe(0);
    } finally {
      await client.close();
      await server.app.close(2000);
    }
  });

  it('cancels and drops the tasks of a legacy SSE session when its stream closes', async () => {
    const server = await serveSessionBound({ transport: 'sse' });
    const client = await connect(new SSEClientTransport(server.url));
    try {
      const task = await startTask(client);
      const aborted = once(handlerEvents, 'aborted');
      const deleted = once(handlerEvents, 'task deleted');
      await client.close();
      expect(await aborted).toEqual(['the SSE stream closed']);
      expect(await deleted).toEqual([task.taskId]);
      expect(server.tasks.size).toBe(0);
    } finally {
      await server.app.close(2000);
    }
  });

  it('cancels and drops the tasks of a stdio session when its client goes (task store on Redis)', async () => {
    // In memory a stdio session's tasks end with its process anyway; a shared store would keep them.
    const redis = redisSandbox();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['-r', join(ROOT, 'loader', 'register.cjs'), join(__dirname, 'support', 'session-bound.server.ts')],
      env: {
        ...(process.env as Record<string, string>),
        ARMATURE_LOG_LEVEL: 'warn',
        ARMATURE_REDIS_URL: REDIS_URL,
        ARMATURE_STATE_KEY: 'a stdio session test key, 32 characters or more',
        SESSION_BOUND_PREFIX: redis.prefix,
      },
      cwd: ROOT,
      stderr: 'pipe',
    });
    let stderr = '';
    const stderrEnded = new Promise<void>((resolve) => {
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      transport.stderr?.once('end', resolve);
    });
    const client = await connect(transport);
    try {
      await redis.raw.connect();
      const task = await startTask(client, false);
      expect(await redis.raw.exists(`${redis.prefix}task:${task.taskId}`)).toBe(1);
      await client.close(); // stdin ends: the server finishes and exits
      await stderrEnded;
      expect(stderr).toContain('aborted: the server is shutting down');
      expect(await redis.raw.keys(`${redis.prefix}task*`)).toEqual([]);
    } finally {
      await redis.cleanup();
    }
  });

  it('keeps the tasks of a session that is still open', async () => {
    const server = await serveSessionBound({ transport: 'streamable-http' });
    const first = await connect(new StreamableHTTPClientTransport(server.url));
    const second = new StreamableHTTPClientTransport(server.url);
    const other = await connect(second);
    try {
      const kept = await startTask(first);
      await startTask(other);
      const deleted = once(handlerEvents, 'task deleted');
      await second.terminateSession();
      await deleted;
      expect(server.tasks.deleted).not.toContain(kept.taskId);
      expect((await first.experimental.tasks.getTask(kept.taskId)).status).toBe('working');
    } finally {
      await first.close();
      await other.close();
      await server.app.close(2000);
    }
  });
});

/**
 * A session may have only so many server-to-client requests waiting for answers. The one over
 * the limit is never sent: the handler gets an error naming the limit, which a tool's caller reads
 * in an `isError` result, and the session goes on.
 */
describe('pending server-to-client requests per session (SDK 1.x client)', () => {
  it('refuses the request over maxPendingClientRequests and serves the session on', async () => {
    const server = await serveSessionBound({ transport: 'streamable-http' }, { maxPendingClientRequests: 2 });
    const client = await connect(new StreamableHTTPClientTransport(server.url));
    const questions = holdElicitations(client);
    try {
      const twoAsked = questions.asked(2);
      const first = client.callTool({ name: 'ask', arguments: {} });
      const second = client.callTool({ name: 'ask', arguments: {} });
      await twoAsked;
      const third = await client.callTool({ name: 'ask', arguments: {} });
      expect(third.isError).toBe(true);
      expect((third.content as { text: string }[])[0].text).toBe(
        "Cannot send elicitation/create: this session already has 2 requests waiting for the client's answers (maxPendingClientRequests); try again once the client has answered some",
      );
      expect(questions.count()).toBe(2);
      questions.release();
      for (const result of await Promise.all([first, second])) {
        expect(result.content).toEqual([{ type: 'text', text: 'accept' }]);
      }
      const after = await client.callTool({ name: 'ask', arguments: {} });
      expect(after.content).toEqual([{ type: 'text', text: 'accept' }]);
    } finally {
      await client.close();
      await server.app.close(2000);
    }
  });

  it('refuses a limit that is not a whole number of at least 1 when the application is created', async () => {
    await expect(McpApplication.create(SessionBoundServer, { maxPendingClientRequests: 0 })).rejects.toThrow(
      'maxPendingClientRequests must be a whole number of at least 1, not 0',
    );
  });
});

/**
 * A session may have only so many of its requests running at once. A legacy SSE client's POSTs are
 * accepted before they run, so nothing else would stop it: the request over the limit is answered at
 * once with an error naming the limit, runs nothing, and the session goes on.
 */
describe('requests running at once per session (SDK 1.x client, legacy SSE)', () => {
  it('answers the request over maxRequestsInFlight with an error and serves the session on', async () => {
    const server = await serveSessionBound({ transport: 'sse' }, { maxRequestsInFlight: 2 });
    const client = await connect(new SSEClientTransport(server.url));
    const questions = holdElicitations(client);
    try {
      const twoRunning = questions.asked(2);
      const first = client.callTool({ name: 'ask', arguments: {} });
      const second = client.callTool({ name: 'ask', arguments: {} });
      await twoRunning;
      await expect(client.callTool({ name: 'ask', arguments: {} })).rejects.toMatchObject({
        code: -32603,
        message: expect.stringContaining(
          'This session already has 2 requests running (maxRequestsInFlight); send more once some have finished',
        ),
        data: { limit: 'maxRequestsInFlight', max: 2 },
      });
      expect(questions.count()).toBe(2);
      questions.release();
      for (const result of await Promise.all([first, second])) {
        expect(result.content).toEqual([{ type: 'text', text: 'accept' }]);
      }
      const after = await client.callTool({ name: 'ask', arguments: {} });
      expect(after.content).toEqual([{ type: 'text', text: 'accept' }]);
    } finally {
      await client.close();
      await server.app.close(2000);
    }
  });

  it('refuses a limit that is not a whole number of at least 1 when the application is created', async () => {
    await expect(McpApplication.create(SessionBoundServer, { maxRequestsInFlight: 1.5 })).rejects.toThrow(
      'maxRequestsInFlight must be a whole number of at least 1, not 1.5',
    );
  });
});
