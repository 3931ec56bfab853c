import { faultAnswer } from '../core/protocol/error-funnel';
import { type JsonObject, type JsonRpcMessage, type JsonRpcResponse } from '../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import { serializedJson } from '../core/protocol/reusable';
import { MAX_NESTING_DEPTH, nestsDeeperThan } from './message-limits';

/** One decoded frame: a single message or a batch (an array), as the sender wrote it. */
export type Frame = { kind: 'single'; message: JsonRpcMessage } | { kind: 'batch'; messages: JsonRpcMessage[] };

/**
 * Parses one frame of text. Throws McpError -32700 for bad JSON and -32600 for a JSON value that
 * is no message or that nests deeper than `maxDepth` (see message-limits.ts).
 */
export function decodeFrame(text: string, maxDepth: number = MAX_NESTING_DEPTH): Frame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FrameError(ErrorCode.ParseError, `Parse error: ${(error as Error).message}`);
  }
  if (nestsDeeperThan(text, maxDepth)) {
    throw new FrameError(
      ErrorCode.InvalidRequest,
      `Invalid request: the message nests arrays and objects deeper than ${maxDepth} levels`,
      recoverId(value),
    );
  }
  return decodeValue(value);
}

export function decodeValue(value: unknown): Frame {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new FrameError(ErrorCode.InvalidRequest, 'Invalid request: empty batch');
    return { kind: 'batch', messages: value.map(toMessage) };
  }
  return { kind: 'single', message: toMessage(value) };
}

/** Validates the envelope only; params are checked by the handler that owns the method. */
export function toMessage(value: unknown): JsonRpcMessage {
  if (!isObject(value) || value.jsonrpc !== '2.0') {
    throw invalid('expected a JSON-RPC 2.0 object with "jsonrpc": "2.0"', value);
  }
  const hasId = 'id' in value;
  if (hasId && !isValidId(value.id) && !(value.id === null && !('method' in value))) {
    throw invalid('"id" must be a string or a number', value);
  }
  if ('method' in value) {
    if (typeof value.method !== 'string' || value.method === '') throw invalid('"method" must be a string', value);
    if ('params' in value && value.params !== undefined && !isObject(value.params)) {
      throw invalid('"params" must be an object', value);
    }
    return value as unknown as JsonRpcMessage;
  }
  if (hasId && ('result' in value ? isObject(value.result) : isErrorObject(value.error))) {
    return value as unknown as JsonRpcMessage;
  }
  throw invalid('a message needs "method", or "id" with "result" or "error"', value);
}

/**
 * The wire text of a message; a reusable result is spliced in rather than serialised again. It
 * never throws: a response that cannot be serialised (a BigInt or a cycle in a handler's result,
 * nesting too deep for the serialiser) becomes an internal error for the same id, so the request
 * is still answered; any other message that cannot be serialised is undefined, for the caller to
 * drop.
 */
export function encode(message: JsonRpcResponse | JsonRpcResponse[]): string;
export function encode(message: JsonRpcMessage | JsonRpcMessage[]): string | undefined;
export function encode(message: JsonRpcMessage | JsonRpcMessage[]): string | undefined {
  if (!Array.isArray(message) && 'result' in message) {
    const result = serializedJson(message.result);
    if (result !== undefined) return `{"jsonrpc":"2.0","id":${JSON.stringify(message.id)},"result":${result}}`;
  }
  try {
    return JSON.stringify(message);
  } catch (error) {
    if (!Array.isArray(message)) return unserialisable(message, error);
    const parts = message.map((part) => encode(part)).filter((part) => part !== undefined);
    return `[${parts.join(',')}]`;
  }
}

function unserialisable(message: JsonRpcMessage, error: unknown): string | undefined {
  if ('method' in message || !('id' in message)) return undefined;
  const reason = error instanceof Error ? error.message : String(error);
  return JSON.stringify(
    faultAnswer(
      typeof message.id === 'string' || typeof message.id === 'number' ? message.id : null,
      new McpError(ErrorCode.InternalError, `Internal error: the response could not be serialised (${reason})`),
    ),
  );
}

/** The id of a malformed message, when one can be recovered, so the error can still be correlated. */
export function recoverId(value: unknown): string | number | null {
  return isObject(value) && isValidId(value.id) ? value.id : null;
}

/** A frame that is no valid message; `id` is the message's id when one could be read, for the error response. */
export class FrameError extends McpError {
  constructor(
    code: number,
    message: string,
    readonly id: string | number | null = null,
  ) {
    super(code, message);
  }
}

function invalid(reason: string, value: unknown): FrameError {
  return new FrameError(ErrorCode.InvalidRequest, `Invalid request: ${reason}`, recoverId(value));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isValidId(id: unknown): id is string | number {
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

function isErrorObject(value: unknown): boolean {
  return isObject(value) && typeof value.code === 'number' && typeof value.message === 'string';
}
