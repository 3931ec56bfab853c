import type {
  JsonObject,
  JsonRpcId,
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import { META } from '../core/protocol/meta-keys';
import { allowsBatches } from '../core/protocol/versions';
import type { Frame } from './codec';
import { specFieldFault } from './spec-fields';
import { type Envelope, readEnvelope } from './stateless/envelope';

/** Which revision family a message belongs to: a session `initialize` opened, or its own `_meta` envelope. */
export type Era = 'session' | 'stateless';

/**
 * A request as the engine's front door classified it. Every later step (header checks, the era
 * adapter, the request seam, the exchange) reads these fields; none reads `_meta` again.
 */
export interface InboundRequest {
  readonly kind: 'request';
  readonly message: JsonRpcRequest;
  readonly id: JsonRpcId;
  readonly method: string;
  /** The params, `{}` when the message had none. */
  readonly params: JsonObject;
  /** `stateless` when `_meta` names a protocol version (2026-07-28), else `session`. */
  readonly era: Era;
  /** The version a 2026-07-28 request names in `_meta`, as sent (a string), even one not supported. */
  readonly protocolVersion?: string;
  /** The 2026-07-28 envelope, when it could be read. */
  readonly envelope?: Envelope;
  /** Why a 2026-07-28 envelope could not be read (malformed, unsupported version): the era adapter throws it. */
  readonly envelopeFault?: McpError;
  readonly progressToken?: string | number;
  /** The `_meta` object when it carries trace context (`traceparent`, `baggage`), for the request's span. */
  readonly traceCarrier?: Readonly<JsonObject>;
  /** A field whose type the spec fixes is wrong (`_meta`, its progress token, `cursor`): refused on its own. */
  readonly fault?: McpError;
}

export interface InboundNotification {
  readonly kind: 'notification';
  readonly message: JsonRpcNotification;
  readonly method: string;
  readonly params: JsonObject;
  readonly era: Era;
  /** The version a 2026-07-28 notification names in `_meta`, as sent. */
  readonly protocolVersion?: string;
}

export interface InboundResponse {
  readonly kind: 'response';
  readonly message: JsonRpcResponse;
}

export type Inbound = InboundRequest | InboundNotification | InboundResponse;

/** A frame whose messages are classified: one message, or a batch as the sender wrote it. */
export type InboundFrame =
  | { readonly kind: 'single'; readonly message: Inbound }
  | { readonly kind: 'batch'; readonly messages: readonly Inbound[] };

export function classifyFrame(frame: Frame): InboundFrame {
  return frame.kind === 'single'
    ? { kind: 'single', message: classify(frame.message) }
    : { kind: 'batch', messages: frame.messages.map(classify) };
}

/** Reads what every later step needs of a message, once. Never throws: faults travel in the value. */
export function classify(message: JsonRpcMessage): Inbound {
  if (!('method' in message)) return { kind: 'response', message };
  const params = message.params ?? {};
  const meta = metaOf(params);
  const era: Era = meta !== undefined && META.protocolVersion in meta ? 'stateless' : 'session';
  const version = era === 'stateless' ? (meta as JsonObject)[META.protocolVersion] : undefined;
  const protocolVersion = typeof version === 'string' ? version : undefined;
  if (!('id' in message))
    return { kind: 'notification', message, method: message.method, params, era, protocolVersion };
  const request = message as JsonRpcRequest;
  const fault = specFieldFault(request);
  const token = meta?.progressToken;
  const progressToken = !fault && (typeof token === 'string' || typeof token === 'number') ? token : undefined;
  let envelope: Envelope | undefined;
  let envelopeFault: McpError | undefined;
  if (era === 'stateless') {
    try {
      envelope = readEnvelope(meta as JsonObject);
    } catch (error) {
      envelopeFault = error as McpError;
    }
  }
  // Every request gets the same fields in the same order: one object shape for every later reader.
  return {
    kind: 'request',
    message: request,
    id: request.id,
    method: request.method,
    params,
    era,
    protocolVersion,
    envelope,
    envelopeFault,
    progressToken,
    traceCarrier: meta !== undefined && ('traceparent' in meta || 'baggage' in meta) ? meta : undefined,
    fault,
  };
}

/**
 * The one batch policy: JSON-RPC batches exist only in 2025-03-26 (`protocolVersion` is what the
 * session negotiated, or what the request says it speaks); every other revision refuses them whole.
 */
export function batchFault(
  frame: { kind: 'single' | 'batch' },
  protocolVersion: string | undefined,
): McpError | undefined {
  if (frame.kind === 'single' || allowsBatches(protocolVersion)) return undefined;
  return new McpError(
    ErrorCode.InvalidRequest,
    `Invalid request: JSON-RPC batches are not supported in protocol ${protocolVersion ?? 'negotiation'}; send one message at a time`,
  );
}

/** Whether answering the frame takes work (it holds a request), rather than a bare 202. */
export function holdsRequests(frame: InboundFrame): boolean {
  return frame.kind === 'single' ? frame.message.kind === 'request' : frame.messages.some((m) => m.kind === 'request');
}

function metaOf(params: JsonObject): JsonObject | undefined {
  const meta = params._meta;
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? (meta as JsonObject) : undefined;
}
