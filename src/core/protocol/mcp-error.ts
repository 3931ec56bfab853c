import type { JsonRpcErrorObject } from './json-rpc';

/** Error codes of JSON-RPC 2.0 and of MCP. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** Session era: the request references a session that does not exist or was not initialized. */
  ConnectionClosed: -32000,
  RequestTimeout: -32001,
  ResourceNotFound: -32002,
  /**
   * The caller's token lacks scopes the component requires (`@RequireScopes`); `data.requiredScopes`
   * names them. Over HTTP it is answered 403 with an insufficient_scope challenge (step-up).
   */
  InsufficientScope: -32003,
  /** 2026-07-28: an HTTP header (MCP-Protocol-Version, Mcp-Method, Mcp-Name) is missing or disagrees with the body. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request needs a client capability the client did not declare. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: the request's protocol version is not supported by this server. */
  UnsupportedProtocolVersion: -32022,
  UrlElicitationRequired: -32042,
} as const;

/**
 * A protocol fault. It becomes a JSON-RPC error with this code and message; its data is sent as is.
 * Anything thrown that is not an McpError is masked as an internal error unless `exposeErrors` is set.
 */
export class McpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'McpError';
  }

  toJson(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  static invalidParams(message: string, data?: unknown): McpError {
    return new McpError(ErrorCode.InvalidParams, message, data);
  }

  /** -32700: the bytes are not JSON (or not UTF-8). */
  static parseError(detail: string): McpError {
    return new McpError(ErrorCode.ParseError, `Parse error: ${detail}`);
  }

  /** -32600: JSON that is no acceptable message. */
  static invalidRequest(detail: string): McpError {
    return new McpError(ErrorCode.InvalidRequest, `Invalid request: ${detail}`);
  }

  static methodNotFound(method: string): McpError {
    return new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`);
  }
}

/**
 * Thrown by a tool to report a failure the model should see: the call returns `isError: true`
 * with this message, never a JSON-RPC error, and the message is never masked.
 */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
