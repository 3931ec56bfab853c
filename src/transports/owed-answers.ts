import { faultAnswer } from '../core/protocol/error-funnel';
import { isRequest, type JsonRpcId, type JsonRpcMessage, type JsonRpcResponse } from '../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import type { Frame } from '../protocol/codec';
import type { Inbound, InboundFrame } from '../protocol/inbound';

/** What a request still running when shutdown's deadline passes is answered with. */
export const SHUTDOWN_ERROR = new McpError(
  ErrorCode.ConnectionClosed,
  'The server shut down before the request finished; send it again',
);

/** How long answers forced at the deadline get to be written before the sockets close. */
const WRITE_GRACE_MS = 1000;

/**
 * The answers a transport still owes its clients: each from the moment a request is read until
 * its answer is written (after the progress pause, after the event-store write, on whichever
 * stream carries it), not merely until its handler returned. Shutdown drains them: it waits for
 * every one within the deadline, then answers the rest with an error rather than cutting them.
 */
export class OwedAnswers {
  private readonly owed = new Set<(error: McpError) => void>();
  private waiters: (() => void)[] = [];

  /**
   * Records one owed answer; `abandon` writes the error in its place if the deadline passes.
   * Returns `done`, to call once the answer is written (calling it again does nothing).
   */
  begin(abandon: (error: McpError) => void): () => void {
    const entry = (error: McpError) => abandon(error);
    this.owed.add(entry);
    return () => {
      if (this.owed.delete(entry) && this.owed.size === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  get size(): number {
    return this.owed.size;
  }

  /** Resolves once nothing is owed any more. */
  settled(): Promise<void> {
    return this.owed.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Waits up to `deadlineMs` for every owed answer; then what is still owed is answered with
   * `SHUTDOWN_ERROR`, and those writes get a moment to finish.
   */
  async drain(deadlineMs: number): Promise<void> {
    if (!(await within(this.settled(), deadlineMs))) {
      for (const abandon of [...this.owed]) abandon(SHUTDOWN_ERROR);
      await within(this.settled(), WRITE_GRACE_MS);
    }
  }
}

/** Whether `work` settled within `ms`. */
async function within(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The answers a frame's requests get in place of their results (undefined when it holds no request). */
export function failuresFor(
  frame: Frame | InboundFrame,
  error: McpError,
): JsonRpcResponse | JsonRpcResponse[] | undefined {
  const messages: readonly (JsonRpcMessage | Inbound)[] = frame.kind === 'single' ? [frame.message] : frame.messages;
  const answers: JsonRpcResponse[] = [];
  for (const message of messages) {
    const id = requestIdOf(message);
    if (id !== undefined) answers.push(faultAnswer(id, error));
  }
  return frame.kind === 'single' ? answers[0] : answers.length > 0 ? answers : undefined;
}

/** The id of a request, decoded (a transport that only decoded) or classified (one that asked the engine). */
function requestIdOf(message: JsonRpcMessage | Inbound): JsonRpcId | undefined {
  if ('kind' in message) return message.kind === 'request' ? message.id : undefined;
  return isRequest(message) ? message.id : undefined;
}

/**
 * Waits for `work`'s answer as an owed answer: if shutdown's deadline comes first, the frame's
 * requests are answered with `SHUTDOWN_ERROR` instead. `write` must resolve once the answer is out.
 */
export function owe(
  owed: OwedAnswers,
  frame: Frame | InboundFrame,
  work: Promise<JsonRpcResponse | JsonRpcResponse[] | undefined>,
  write: (answer: JsonRpcResponse | JsonRpcResponse[] | undefined) => Promise<void>,
): Promise<void> {
  // Plain callbacks rather than a race of promises: this runs once per request on every transport.
  return new Promise<void>((resolve, reject) => {
    let answered = false;
    const done = owed.begin((error) => answer(failuresFor(frame, error)));
    const fail = (error: unknown) => {
      done();
      reject(error);
    };
    function answer(value: JsonRpcResponse | JsonRpcResponse[] | undefined): void {
      if (answered) return;
      answered = true;
      let written: Promise<void>;
      try {
        written = write(value);
      } catch (error) {
        fail(error);
        return;
      }
      written.then(() => {
        done();
        resolve();
      }, fail);
    }
    work.then(answer, (error: unknown) => {
      if (answered) return;
      answered = true;
      fail(error);
    });
  });
}
