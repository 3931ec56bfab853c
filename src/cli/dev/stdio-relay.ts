import type { ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { faultAnswer } from '../../core/protocol/error-funnel';
import type { JsonRpcFailure } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';

type Message = {
  jsonrpc: '2.0';
  id?: string | number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
};

/** Lists whose change the dev process announces after a restart, by the capability that allows it. */
const LIST_CHANGED = [
  ['tools', 'notifications/tools/list_changed'],
  ['resources', 'notifications/resources/list_changed'],
  ['prompts', 'notifications/prompts/list_changed'],
] as const;

/**
 * Holds a stdio client's pipe across server restarts. Lines pass through both ways; the client's
 * `initialize` is recorded, and a new server is initialised with it (the answer kept from the
 * client, which is initialised already), then told `notifications/initialized`; the client is then
 * told its lists may have changed. Client messages that arrive meanwhile wait; requests the old
 * server never answered are answered with an error, so the client never waits for nothing.
 */
export class StdioRelay {
  private child?: ChildProcess;
  private childLines?: Interface;
  private initialize?: Message;
  private initialized = false;
  /** Client messages held until the first server is attached, and while a new one is initialised. */
  private held?: string[] = [];
  private readonly pending = new Map<string | number, string>();
  private replays = 0;

  constructor(
    clientIn: NodeJS.ReadableStream,
    private readonly clientOut: NodeJS.WritableStream,
    onClientEnd: () => void,
  ) {
    const lines = createInterface({ input: clientIn, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => this.fromClient(line));
    lines.on('close', onClientEnd);
  }

  /** Connects a freshly started server; re-initialises it if the client had initialised the last one. */
  attach(child: ChildProcess): void {
    this.child = child;
    this.childLines = createInterface({ input: child.stdout!, crlfDelay: Number.POSITIVE_INFINITY });
    this.childLines.on('line', (line) => this.fromServer(line));
    if (this.initialize && this.initialized) {
      const id = `armature-dev-reinitialize-${++this.replays}`;
      this.held ??= [];
      this.toServer(JSON.stringify({ ...this.initialize, id }));
      return;
    }
    this.release();
  }

  /** Sends on what the client wrote while the server could not take it yet. */
  private release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const line of held) this.fromClient(line);
  }

  /** The server stopped or died: what it still owed the client is answered with an error. */
  detach(reason: string): void {
    this.childLines?.close();
    this.child = undefined;
    for (const [id, method] of this.pending) {
      this.toClient(faultAnswer(id, new McpError(ErrorCode.ConnectionClosed, `${method}: ${reason}`)));
    }
    this.pending.clear();
    // A server that died before answering the replayed initialize: what the client sent meanwhile
    // is answered like anything sent while no server runs.
    this.release();
  }

  private fromClient(line: string): void {
    const message = parse(line);
    if (message?.method === 'initialize' && message.id !== undefined) this.initialize = message;
    if (message?.method === 'notifications/initialized') this.initialized = true;
    if (this.held) {
      this.held.push(line);
      return;
    }
    if (!this.child) {
      if (message?.method && message.id !== undefined) {
        const notRunning = 'The server is not running: fix the error it printed and save a file';
        this.toClient(faultAnswer(message.id, new McpError(ErrorCode.ConnectionClosed, notRunning)));
      }
      return;
    }
    if (message?.method && message.id !== undefined) this.pending.set(message.id, message.method);
    this.toServer(line);
  }

  private fromServer(line: string): void {
    const message = parse(line);
    if (this.held && typeof message?.id === 'string' && message.id.startsWith('armature-dev-reinitialize-')) {
      this.finishReinitialize(message);
      return;
    }
    if (message && message.method === undefined && message.id !== undefined) this.pending.delete(message.id);
    this.clientOut.write(`${line}\n`);
  }

  private finishReinitialize(answer: Message): void {
    this.toServer(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    const capabilities = (answer.result as { capabilities?: Record<string, { listChanged?: boolean }> } | undefined)
      ?.capabilities;
    for (const [capability, method] of LIST_CHANGED) {
      if (capabilities?.[capability]?.listChanged) this.toClient({ jsonrpc: '2.0', method });
    }
    this.release();
  }

  private toServer(line: string): void {
    this.child?.stdin?.write(`${line}\n`);
  }

  private toClient(message: Message | JsonRpcFailure): void {
    this.clientOut.write(`${JSON.stringify(message)}\n`);
  }
}

function parse(line: string): Message | undefined {
  try {
    const message = JSON.parse(line);
    return message && typeof message === 'object' && !Array.isArray(message) ? (message as Message) : undefined;
  } catch {
    return undefined;
  }
}
