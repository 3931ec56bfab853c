import { McpApplication, McpServer, Tool } from '../../src';
import { closeOnSignal } from '../../src/app/shutdown-signals';
import { Logger } from '../../src/core/logging/logger';

@McpServer({ name: 'signals', version: '1.0.0' })
class SignalsServer {
  @Tool({ description: 'Answers pong' })
  ping() {
    return 'pong';
  }
}

const signalHandlers = () => ({ term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') });

async function listening(): Promise<McpApplication> {
  const app = await McpApplication.create(SignalsServer, { logger: new Logger('armature', 'error') });
  await app.listen({ transport: 'streamable-http', host: '127.0.0.1', port: 0 });
  return app;
}

/** A close that finishes when the test says so, and records when it was asked for. */
function heldClose() {
  let finish!: (error?: Error) => void;
  const state = { asked: false, done: false };
  const done = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  const close = () => {
    state.asked = true;
    return done.then(() => {
      state.done = true;
    });
  };
  return { close, finish, state };
}

describe('SIGTERM and SIGINT while applications listen', () => {
  it('adds one handler for any number of listening applications, and none is left once they close', async () => {
    const before = signalHandlers();
    const first = await listening();
    const second = await listening();
    try {
      expect(signalHandlers()).toEqual({ term: before.term + 1, int: before.int + 1 });
      await first.close();
      expect(signalHandlers()).toEqual({ term: before.term + 1, int: before.int + 1 });
    } finally {
      await first.close();
      await second.close();
    }
    expect(signalHandlers()).toEqual(before);
  });

  it('leaves nothing behind after many listen and close cycles', async () => {
    const before = signalHandlers();
    for (let i = 0; i < 12; i++) await (await listening()).close();
    expect(signalHandlers()).toEqual(before);
  });

  describe('when the signal comes', () => {
    let exit: jest.SpyInstance;
    let exited: Promise<number | undefined>;

    beforeEach(() => {
      exited = new Promise((resolve) => {
        exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
          resolve(code);
        }) as typeof process.exit);
      });
    });
    afterEach(() => exit.mockRestore());

    it('closes every listening application and exits only once all have closed', async () => {
      const a = heldClose();
      const b = heldClose();
      closeOnSignal(a.close);
      closeOnSignal(b.close);
      process.emit('SIGTERM');
      expect(a.state.asked && b.state.asked).toBe(true);
      a.finish();
      await Promise.resolve();
      expect(exit).not.toHaveBeenCalled();
      b.finish();
      expect(await exited).toBe(0);
      expect(a.state.done && b.state.done).toBe(true);
    });

    it('exits 1 when an application fails to close', async () => {
      const a = heldClose();
      closeOnSignal(a.close);
      process.emit('SIGINT');
      a.finish(new Error('the store would not close'));
      expect(await exited).toBe(1);
    });

    it('does not ask an application that already closed', async () => {
      const gone = heldClose();
      const serving = heldClose();
      const release = closeOnSignal(gone.close);
      closeOnSignal(serving.close);
      release();
      process.emit('SIGTERM');
      serving.finish();
      expect(await exited).toBe(0);
      expect(gone.state.asked).toBe(false);
    });

    it('takes its handler down at the first signal, so a second one ends the process at once', () => {
      const before = signalHandlers();
      closeOnSignal(heldClose().close);
      expect(signalHandlers()).toEqual({ term: before.term + 1, int: before.int + 1 });
      process.emit('SIGTERM');
      expect(signalHandlers()).toEqual(before);
    });
  });
});
