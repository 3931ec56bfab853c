import type { Logger } from '../logging/logger';
import type { JsonRpcErrorObject } from './json-rpc';
import { ErrorCode, McpError, ToolError } from './mcp-error';

/**
 * The one place where thrown values become what the client sees. Protocol faults keep their code;
 * anything unexpected is logged in full on the server and masked on the wire unless `exposeErrors`.
 */
export class ErrorFunnel {
  constructor(
    private readonly logger: Logger,
    private readonly exposeErrors = false,
  ) {}

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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
