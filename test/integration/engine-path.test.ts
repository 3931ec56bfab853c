import 'reflect-metadata';
import { IsString } from 'class-validator';
import { Logger, McpApplication, McpServer, Tool } from '../../src';
import { TestClient } from '../../src/testing';

class EchoArgs {
  @IsString()
  text!: string;
}

/** Lets a test hold a call open until it says so. */
class Gate {
  release!: () => void;
  readonly opened = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  entered!: () => void;
  readonly reached = new Promise<void>((resolve) => {
    this.entered = resolve;
  });
}

const gate = { current: new Gate() };

@McpServer({ name: 'engine-path', version: '1.0.0' })
class EngineServer {
  @Tool({ description: 'Echoes its text at once' })
  echo(args: EchoArgs) {
    return args.text;
  }

  @Tool({ description: 'Answers when the test opens the gate' })
  async held(args: EchoArgs) {
    gate.current.entered();
    await gate.current.opened;
    return args.text;
  }
}

function text(result: Record<string, unknown>): string {
  return (result.content as { text: string }[])[0].text;
}

describe('the engine path of a call', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(['session', 'stateless'] as const)(
    'reads no clock for a request no span records and no log reports (%s era)',
    async (era) => {
      const app = await McpApplication.create(EngineServer, { logger: new Logger('armature', 'warn') });
      const client = await TestClient.connect(app, { era });
      const now = jest.spyOn(performance, 'now');
      expect(text(await client.callTool('echo', { text: 'hi' }))).toBe('hi');
      expect(now).not.toHaveBeenCalled();
      await app.close();
    },
  );

  it('still times and logs the request when the log reports it', async () => {
    const lines: string[] = [];
    const logger = new Logger('armature', 'info', (line) => lines.push(line));
    const app = await McpApplication.create(EngineServer, { logger });
    const client = await TestClient.connect(app, { era: 'session' });
    const now = jest.spyOn(performance, 'now');
    await client.callTool('echo', { text: 'hi' });
    expect(now).toHaveBeenCalled();
    expect(lines.some((line) => /tools\/call echo ok in [\d.]+ ms/.test(line))).toBe(true);
    await app.close();
  });

  it('hands middleware a rejected promise, not a throw, when a method fails at once', async () => {
    const app = await McpApplication.create(EngineServer, { logger: new Logger('armature', 'silent') });
    const seen: string[] = [];
    // Not async: a synchronous throw from next() would escape this middleware's catch().
    app.use((_request, next) =>
      next().catch((error: Error) => {
        seen.push(error.message);
        throw error;
      }),
    );
    const client = await TestClient.connect(app, { era: 'session' });
    await expect(client.request('tools/call', { name: 'missing', arguments: {} })).rejects.toThrow(/Unknown tool/);
    expect(seen).toEqual(['Unknown tool: missing']);
    await app.close();
  });

  it('counts a call in flight until it answers, for shutdown to wait on', async () => {
    gate.current = new Gate();
    const app = await McpApplication.create(EngineServer, { logger: new Logger('armature', 'silent') });
    const client = await TestClient.connect(app, { era: 'session' });
    const call = client.callTool('held', { text: 'late' });
    await gate.current.reached;
    let idle = false;
    const drained = app.engine.idle().then(() => {
      idle = true;
    });
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.current.release();
    expect(text(await call)).toBe('late');
    await drained;
    expect(idle).toBe(true);
    await app.close();
  });
});
