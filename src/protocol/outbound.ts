import type { JsonRpcMessage } from '../core/protocol/json-rpc';

/**
 * Where the engine writes messages: stdout, an SSE stream, a JSON response. A request's handler
 * writes to the outbound of that request, so related messages travel with it.
 */
export interface Outbound {
  send(message: JsonRpcMessage): void;
}

/** For messages that have nowhere to go (a session-era HTTP client without a standalone stream). */
export const DISCARD: Outbound = { send: () => undefined };

/**
 * An outbound that can end its stream before the request is done (a streamable HTTP POST stream
 * of a 2025-11-25 session): the client reconnects with Last-Event-ID and gets the rest there.
 */
export interface StreamControl {
  closeStream(): void;
}

export function canCloseStream(outbound: Outbound): outbound is Outbound & StreamControl {
  return typeof (outbound as Partial<StreamControl>).closeStream === 'function';
}
