import type { JsonRpcMessage } from './json-rpc';

/**
 * Where the engine writes messages: stdout, an SSE stream, a JSON response. A request's handler
 * writes to the outbound of that request, so related messages travel with it.
 */
export interface Outbound {
  send(message: JsonRpcMessage): void;
}

/** For messages that have nowhere to go (a session-era HTTP client without a standalone stream). */
export const DISCARD: Outbound = { send: () => undefined };
