import type { JsonRpcMessage } from '../core/protocol/json-rpc';
import type { Inbound } from '../protocol/inbound';
import type { Outbound } from '../protocol/outbound';

/**
 * A compatibility setting for clients that lose progress. The official TypeScript clients
 * (`@modelcontextprotocol/sdk` from 0.5.0 through every 1.x release, `@modelcontextprotocol/client`
 * 2.x) dispatch a notification a microtask after they read it, but handle a response at once and
 * drop the request's progress handler then. A response read in the same chunk as the request's
 * last progress notification therefore loses that notification. For such clients, a transport
 * that shares one byte stream between notifications and the response (stdio, legacy SSE, a POST's
 * SSE stream, a JSON response after GET-stream messages) holds the response back a moment, so it
 * lands in a read of its own. Only requests that sent something before their answer pay for it.
 *
 * `progressSettleMs`: `'auto'` (the default) settles for every client except those whose
 * `clientInfo` names a library known to run progress callbacks before it reads the next message;
 * `0` never settles; a positive number settles that long for every client.
 */
export type ProgressSettleSetting = 'auto' | number;

/** How long `'auto'` holds a response back, for the clients that need it. */
export const AFFECTED_CLIENT_SETTLE_MS = 50;

/**
 * `clientInfo.name`s of clients that need no settling, each checked in its library's source: the
 * Python SDK's `ClientSession` (default clientInfo "mcp") awaits a progress callback in its
 * receive loop before it reads the next message (`mcp/shared/session.py`, 1.x and 2.0 previews).
 * A client's name is its application's, not its library's, so clients that name themselves are
 * settled unless the setting says otherwise.
 */
const IN_ORDER_CLIENTS: ReadonlySet<string> = new Set(['mcp']);

export interface ClientIdentity {
  name?: unknown;
  version?: unknown;
}

/** The settle time of one client under the setting (0: none). */
export function settleMsFor(setting: ProgressSettleSetting | undefined, client: ClientIdentity | undefined): number {
  if (typeof setting === 'number') return setting;
  return typeof client?.name === 'string' && IN_ORDER_CLIENTS.has(client.name) ? 0 : AFFECTED_CLIENT_SETTLE_MS;
}

/**
 * The outbound wrapper of one request of a client that needs settling: it passes every message on,
 * notes whether the answer must wait, and `beforeAnswer()` waits when it must. Transports install
 * it only for such clients (`progressSettle` returns undefined for the others), so every other
 * client's answer is written as soon as it is ready.
 */
export class ProgressSettle implements Outbound {
  private owed = false;

  constructor(
    readonly ms: number,
    private readonly inner?: Outbound,
  ) {}

  send(message: JsonRpcMessage): void {
    this.note(message);
    this.inner?.send(message);
  }

  /**
   * Notes a message sent before the answer. Progress on the answer's own stream must be read
   * first; anything sent `elsewhere` (on another HTTP response) must arrive first, whatever it is.
   */
  note(message: JsonRpcMessage, elsewhere = false): void {
    this.owed ||= elsewhere || ('method' in message && message.method === 'notifications/progress');
  }

  /** Resolves when the answer may be written. */
  beforeAnswer(): Promise<void> | undefined {
    if (!this.owed) return undefined;
    return new Promise((resolve) => setTimeout(resolve, this.ms));
  }
}

/** The wrapper for one request of `client`, or undefined when the client needs none. */
export function progressSettle(
  setting: ProgressSettleSetting | undefined,
  client: ClientIdentity | undefined,
  inner?: Outbound,
): ProgressSettle | undefined {
  const ms = settleMsFor(setting, client);
  return ms > 0 ? new ProgressSettle(ms, inner) : undefined;
}

/**
 * Who sent a request: the session's `clientInfo` (session era), else the request's own (2026-07-28
 * carries it in its envelope, which the engine's front door read).
 */
export function requestClient(
  sessionClient: ClientIdentity | undefined,
  message: Inbound | undefined,
): ClientIdentity | undefined {
  if (sessionClient) return sessionClient;
  const client = message?.kind === 'request' ? message.envelope?.clientInfo : undefined;
  return typeof client === 'object' && client !== null ? client : undefined;
}
