import type { Readable, Writable } from 'node:stream';
import type { Logger } from '../logging/logger';
import { decodeFrame, type FrameError } from '../protocol/codec';
import type { Connection } from '../protocol/connection';
import type { McpEngine } from '../protocol/engine';
import { failure, type JsonRpcMessage } from '../protocol/json-rpc';
import { ErrorCode } from '../protocol/mcp-error';
import { LineSplitter } from './line-splitter';
import type { Transport } from './transport';

export interface StdioOptions {
  input?: Readable;
  output?: Writable;
  /** The longest accepted line; longer ones are answered -32600 and skipped. */
  maxMessageBytes?: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const PROGRESS_SETTLE_MS = 10;

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
    const connection = engine.connect({ send: (message) => this.write(message) });
    this.connection = connection;
    const splitter = new LineSplitter(
      this.options.maxMessageBytes ?? 4 * 1024 * 1024,
      (line) => this.onLine(connection, line),
      () =>
        this.write(failure(null, { code: ErrorCode.InvalidRequest, message: 'Invalid request: message too large' })),
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
    this.input.resume();
  }

  async close(deadlineMs: number): Promise<void> {
    this.input.pause();
    this.input.removeAllListeners('data');
    const engine = this.connection?.engine;
    if (engine) await Promise.race([engine.idle(), new Promise((resolve) => setTimeout(resolve, deadlineMs).unref())]);
    this.connection?.close('the server is shutting down');
  }

  private onLine(connection: Connection, line: Buffer): void {
    let text: string;
    try {
      text = UTF8.decode(line);
    } catch {
      this.write(failure(null, { code: ErrorCode.ParseError, message: 'Parse error: the line is not valid UTF-8' }));
      return;
    }
    let frame: ReturnType<typeof decodeFrame>;
    try {
      frame = decodeFrame(text.endsWith('\r') ? text.slice(0, -1) : text);
    } catch (error) {
      const fault = error as FrameError;
      this.write(failure(fault.id, fault.toJson()));
      return;
    }
    // The SDK 1.x client handles notifications a microtask later than responses and drops its
    // progress handler on the response: progress read in the same chunk as the response is lost.
    // So a response that follows progress waits a moment, long enough to land in its own read.
    let progressSent = false;
    const sink = {
      send: (message: JsonRpcMessage) => {
        progressSent ||= 'method' in message && message.method === 'notifications/progress';
        this.write(message);
      },
    };
    connection.receive(frame, sink).then(
      (response) => {
        if (!response) return;
        if (progressSent) setTimeout(() => this.write(response), PROGRESS_SETTLE_MS);
        else this.write(response);
      },
      (error) => this.logger.error('unhandled failure: %s', (error as Error).stack),
    );
  }

  private write(message: JsonRpcMessage | JsonRpcMessage[]): void {
    if (!this.writable) return;
    this.output.write(`${JSON.stringify(message)}\n`);
  }
}
