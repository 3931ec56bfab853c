import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { IsInt, Min } from 'class-validator';
import { Logger, McpApplication, McpContext, McpServer, Tool } from '../../src';
import { StdioTransport } from '../../src/transports/stdio.transport';

class CountArgs {
  @IsInt()
  @Min(1)
  steps!: number;
}

@McpServer({ name: 'counting', version: '1.0.0' })
class CountingServer {
  @Tool({ description: 'Reports progress at every step, then answers' })
  async count(args: CountArgs, ctx: McpContext) {
    for (let step = 1; step <= args.steps; step++) await ctx.progress(step, args.steps);
    return `counted to ${args.steps}`;
  }
}

type Line = { id?: number; method?: string; result?: unknown };

/**
 * A client speaking raw JSON lines to a StdioTransport over in-memory pipes, with the clientInfo
 * it chooses. Only timers are faked, so "is the answer held back" is a question of whether a
 * timer stands between the result and its line, answered without waiting on any clock.
 */
class PipeClient {
  readonly lines: Line[] = [];
  private readonly arrived = new EventEmitter();
  private readonly input = new PassThrough();
  private readonly output = new PassThrough();
  private transport?: StdioTransport;
  private app?: McpApplication;

  async start(clientInfo: { name: string; version: string }, progressSettleMs?: 'auto' | number) {
    const logger = new Logger('armature', 'silent');
    this.app = await McpApplication.create(CountingServer, { logger, progressSettleMs });
    this.transport = new StdioTransport(logger, { input: this.input, output: this.output });
    let buffered = '';
    this.output.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = JSON.parse(buffered.slice(0, end)) as Line;
        buffered = buffered.slice(end + 1);
        this.lines.push(line);
        this.arrived.emit('line', line);
      }
    });
    await this.transport.start(this.app.engine);
    const capabilities = {};
    this.send({ id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities, clientInfo } });
    await this.next((line) => line.id === 0);
    this.send({ method: 'notifications/initialized' });
  }

  send(message: Record<string, unknown>): void {
    this.input.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  }

  /** Resolves with the first line (already read or still to come) that matches. */
  next(matches: (line: Line) => boolean): Promise<Line> {
    const seen = this.lines.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listen = (line: Line) => {
        if (!matches(line)) return;
        this.arrived.off('line', listen);
        resolve(line);
      };
      this.arrived.on('line', listen);
    });
  }

  callCount(id: number, steps: number): void {
    this.send({
      id,
      method: 'tools/call',
      params: { name: 'count', arguments: { steps }, _meta: { progressToken: id } },
    });
  }

  progressOf(id: number): Line[] {
    return this.lines.filter(
      (line) => line.method === 'notifications/progress' && (line as any).params.progressToken === id,
    );
  }

  async close(): Promise<void> {
    this.input.end();
    await this.transport?.close(1000);
    await this.app?.close();
  }
}

/** Lets I/O callbacks run until `done` holds: an event-loop turn at a time, never a clock. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

describe('progress settle: a compatibility setting, applied per client', () => {
  let client: PipeClient;
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'hrtime', 'performance', 'Date'] });
    client = new PipeClient();
  });
  afterEach(async () => {
    jest.useRealTimers();
    await client.close();
  });

  it("holds the answer of a client not known to be safe until its progress is read ('auto')", async () => {
    await client.start({ name: 'sdk-app', version: '1.0.0' });
    client.callCount(1, 2);
    await client.next((line) => line.method === 'notifications/progress' && (line as any).params.progress === 2);
    // The settle timer stands between the result and its line.
    await until(() => jest.getTimerCount() > 0);
    expect(client.lines.some((line) => line.id === 1)).toBe(false);
    jest.advanceTimersByTime(50);
    const answer = await client.next((line) => line.id === 1);
    expect(answer.result).toMatchObject({ content: [{ type: 'text', text: 'counted to 2' }] });
    const order = client.lines.filter((line) => line.id === 1 || line.method === 'notifications/progress');
    expect(order.map((line) => line.id ?? 'progress')).toEqual(['progress', 'progress', 1]);
  });

  it('answers a client known to run progress callbacks in order at once: no wrapper, no timer', async () => {
    // The Python SDK's default clientInfo; its receive loop awaits progress callbacks in order.
    await client.start({ name: 'mcp', version: '0.1.0' });
    client.callCount(2, 2);
    const answer = await client.next((line) => line.id === 2);
    expect(answer.result).toMatchObject({ content: [{ type: 'text', text: 'counted to 2' }] });
    expect(client.progressOf(2)).toHaveLength(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('never settles with progressSettleMs: 0, whoever the client is', async () => {
    await client.start({ name: 'sdk-app', version: '1.0.0' }, 0);
    client.callCount(3, 2);
    await client.next((line) => line.id === 3);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('settles every client, safe ones too, for as long as a number says', async () => {
    await client.start({ name: 'mcp', version: '0.1.0' }, 200);
    client.callCount(4, 1);
    await client.next((line) => line.method === 'notifications/progress');
    await until(() => jest.getTimerCount() > 0);
    jest.advanceTimersByTime(199);
    expect(client.lines.some((line) => line.id === 4)).toBe(false);
    jest.advanceTimersByTime(1);
    await client.next((line) => line.id === 4);
  });

  it('costs nothing for a call that sent no progress, even for a client that needs settling', async () => {
    await client.start({ name: 'sdk-app', version: '1.0.0' });
    client.send({ id: 5, method: 'tools/list' });
    await client.next((line) => line.id === 5);
    expect(jest.getTimerCount()).toBe(0);
  });
});
