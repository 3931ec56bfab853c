import { type JsonRpcResponse, success } from '../../../src/core/protocol/json-rpc';
import type { Frame } from '../../../src/protocol/codec';
import { OwedAnswers, owe, SHUTDOWN_ERROR } from '../../../src/transports/owed-answers';

const call: Frame = { kind: 'single', message: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: {} } };

/** A promise with its settlers, for steps the test drives. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('owe', () => {
  it('owes the answer until it is written, not merely until the work is done', async () => {
    const owed = new OwedAnswers();
    const written = deferred<void>();
    const writing = deferred<void>();
    const answers: unknown[] = [];
    const owing = owe(owed, call, Promise.resolve(success(7, { ok: true })), (answer) => {
      answers.push(answer);
      writing.resolve();
      return written.promise;
    });
    await writing.promise;
    expect(answers).toEqual([success(7, { ok: true })]);
    expect(owed.size).toBe(1);
    written.resolve();
    await owing;
    expect(owed.size).toBe(0);
  });

  it('answers with the shutdown error when the deadline passes first, and only once', async () => {
    const owed = new OwedAnswers();
    const work = deferred<JsonRpcResponse | undefined>();
    const answers: unknown[] = [];
    const owing = owe(owed, call, work.promise, async (answer) => {
      answers.push(answer);
    });
    await owed.drain(0);
    await owing;
    work.resolve(success(7, { late: true }));
    await work.promise;
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ id: 7, error: { code: SHUTDOWN_ERROR.code } });
    expect(owed.size).toBe(0);
  });

  it('rejects, owing nothing more, when the work or the write fails', async () => {
    const owed = new OwedAnswers();
    await expect(owe(owed, call, Promise.reject(new Error('work')), async () => undefined)).rejects.toThrow('work');
    await expect(
      owe(owed, call, Promise.resolve(undefined), () => {
        throw new Error('write');
      }),
    ).rejects.toThrow('write');
    await expect(
      owe(owed, call, Promise.resolve(undefined), () => Promise.reject(new Error('async write'))),
    ).rejects.toThrow('async write');
    expect(owed.size).toBe(0);
  });
});
