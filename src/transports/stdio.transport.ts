import type { Readable, Writable } from 'node:stream';
import type { AuthOptions } from '../auth/auth-options';
import { stdioPrincipal } from '../auth/stdio-principal';
import type { Logger } from '../core/logging/logger';
import { faultAnswer } from '../core/protocol/error-funnel';
import type { JsonRpcMessage } from '../core/protocol/json-rpc';
import { McpError } from '../core/protocol/mcp-error';
import { decodeFrame, encode, type FrameError } from '../protocol/codec';
import type { Connection, RequestOptions } from '../protocol/connection';
import type { McpEngine } from '../protocol/engine';
import type { InboundFrame } from '../protocol/inbound';
import { LineSplitter } from './line-splitter';
import { OwedAnswers, owe } from './owed-answers';
import { progressSettle, requestClient } from './progress-settle';
import type { Transport } from './transport';

export interface StdioOptions {
  input?: Readable;
  output?: Writable;
  /** The longest accepted line; longer ones are answered -32600 and skipped. */
  maxMessageBytes?: number;
  /** Verify the caller's token, read from ARMATURE_TOKEN at start-up; its principal makes every request. */
  auth?: AuthOptions;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Every request of this transport arrives over a pipe (`network.transport` in its span). */
const OVER_STDIO: RequestOptions = { transport: { network: 'pipe' } };

/**
 * Newline-delimited JSON-RPC on stdin/stdout. stdout carries MCP messages and nothing else; a
 * malformed line is answered with an error and the server keeps serving.
 */
export class StdioTransport implements Transport {
  readonly kind = 'stdio';
  readonly ended: Promise<void>;
  private connection?: Connection;
  private readonly input: Readable;
  private readonly output: Writable;
  private endInput!: () => void;
  private writable = true;
  private settleSetting?: 'auto' | number;
  /** Requests read and not yet answered: shutdown waits for them. */
  private readonly owed = new OwedAnswers();

  constructor(
    private readonly logger: Logger,
    private readonly options: StdioOptions = {},
  ) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.ended = new Promise((resolve) => {
      this.endInput = resolve;
    });
  }

  async start(engine: McpEngine): Promise<void> {
    const auth = this.options.auth ? await stdioPrincipal(this.options.auth) : undefined;
    const connection = engine.connect({ send: (message) => this.write(message) }, { auth });
    this.connection = connection;
    this.settleSetting = engine.options.progressSettleMs;
    const limit = this.options.maxMessageBytes ?? 4 * 1024 * 1024;
    const splitter = new LineSplitter(
      limit,
      (line) => this.onLine(engine, connection, line),
      () =>
        this.write(faultAnswer(null, McpError.invalidRequest(`the message exceeds ${limit} bytes (maxMessageBytes)`))),
    );
    this.input.on('data', (chunk: Buffer) => splitter.push(chunk));
    this.input.once('end', () => {
      splitter.end();
      this.endInput();
    });
    this.input.once('error', (error) => {
      this.logger.warn('stdin failed: %s', error.message);
      this.endInput();
    });
    this.output.on('error', (error: NodeJS.ErrnoException) => {
      // The client went away (EPIPE): nothing can be delivered any more, so stop as on EOF.
      this.writable = false;
      this.logger.debug('stdout closed: %s', error.code ?? error.message);
      this.endInput();
    });
    if (this.output === process.stdout) keepConsoleOffStdout();
    if ((this.input as { isTTY?: boolean }).isTTY) {
      this.logger.info('speaking MCP on stdin/stdout: start me from an MCP client rather than a terminal');
    }
    this.input.resume();
  }

  /**
   * Stops reading, lets every request read so far finish and write its answer within the
   * deadline (the rest are answered with an error), then closes the connection.
   */
  async close(deadlineMs: number): Promise<void> {
    this.input.pause();
    this.input.removeAllListeners('data');
    this.connection?.endSubscriptions();
    await this.owed.drain(deadlineMs);
    // A stdio session is its process's: nobody can come back to it, so what it owned goes too.
    await this.connection?.end('the server is shutting down');
  }

  private onLine(engine: McpEngine, connection: Connection, line: Buffer): void {
    let text: string;
    try {
      text = UTF8.decode(line);
    } catch {
      this.write(faultAnswer(null, McpError.parseError('the line is not valid UTF-8')));
      return;
    }
    let frame: InboundFrame;
    try {
      frame = engine.classify(decodeFrame(text.endsWith('\r') ? text.slice(0, -1) : text));
    } catch (error) {
      const fault = error as FrameError;
      this.write(faultAnswer(fault.id, fault));
      return;
    }
    // See progress-settle.ts: for clients that need it, a response that follows progress waits for it to be read.
    const plain = { send: (message: JsonRpcMessage) => this.write(message) };
    const message = frame.kind === 'single' ? frame.message : undefined;
    const client = requestClient(connection.session?.clientInfo, message);
    const settle = progressSettle(this.settleSetting, client, plain);
    const work = connection.receiveClassified(frame, settle ?? plain, OVER_STDIO);
    void owe(this.owed, frame, work, async (response) => {
      if (!response) return;
      await settle?.beforeAnswer();
      this.write(response);
    }).catch((error: unknown) => this.logger.error('unhandled failure: %s', (error as Error).stack));
  }

  private write(message: JsonRpcMessage | JsonRpcMessage[]): void {
    if (!this.writable) return;
    const text = encode(message);
    if (text === undefined) this.logger.warn('dropped a message that cannot be serialised');
    else this.output.write(`${text}\n`);
  }
}

/**
 * In stdio mode stdout belongs to the protocol: a stray console.log from user code or a library
 * would corrupt the client's stream, so console output is sent to stderr instead.
 */
function keepConsoleOffStdout(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.dir = (item: unknown) => console.error(item);
}
