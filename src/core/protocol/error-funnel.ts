import type { Logger } from '../logging/logger';
import { failure, type JsonRpcErrorObject, type JsonRpcFailure, type JsonRpcId } from './json-rpc';
import { ErrorCode, McpError, ToolError } from './mcp-error';

/**
 * The one place where thrown values become what the client sees. Protocol faults keep their code;
 * anything unexpected is logged in full on the server and masked on the wire unless `exposeErrors`.
 * Every JSON-RPC error that leaves the engine or a transport is built here: through `answer` (or
 * `toJsonRpc`) for whatever a request's handling threw, through `faultAnswer` for a protocol fault
 * a transport finds before any handler runs.
 */
export class ErrorFunnel {
  constructor(
    private readonly logger: Logger,
    private readonly exposeErrors = false,
  ) {}

  /** The failure answering `id` with whatever `where` threw. */
  answer(id: JsonRpcId | null, error: unknown, where: string): JsonRpcFailure {
    return failure(id, this.toJsonRpc(error, where));
  }

  toJsonRpc(error: unknown, where: string): JsonRpcErrorObject {
    if (error instanceof McpError) return error.toJson();
    this.logger.error('%s failed: %s', where, describe(error));
    return {
      code: ErrorCode.InternalError,
      message: this.exposeErrors ? `Internal error: ${messageOf(error)}` : 'Internal error',
    };
  }

  /** The text of an `isError` tool result: what the model reads to decide what to do next. */
  toToolMessage(error: unknown, tool: string): string {
    if (error instanceof ToolError || error instanceof McpError) return error.message;
    this.logger.error('tool %s failed: %s', tool, describe(error));
    return this.exposeErrors
      ? `Tool "${tool}" failed: ${messageOf(error)}`
      : `Tool "${tool}" failed with an internal error; the details are in the server's log.`;
  }
}

/**
 * The failure answering `id` with a protocol fault a transport found itself (bad bytes, an
 * oversized message, a refused header, shutdown): the fault is ours to name, so nothing is masked,
 * and it is an McpError, so its code is one the table of codes knows.
 */
export function faultAnswer(id: JsonRpcId | null, fault: McpError): JsonRpcFailure {
  return failure(id, fault.toJson());
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
