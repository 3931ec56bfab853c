import type { Context } from 'koa';
import { failure, type JsonRpcId } from '../../core/protocol/json-rpc';
import { ErrorCode } from '../../core/protocol/mcp-error';

/**
 * A request the HTTP layer refuses before the engine sees it. It is answered with this status and
 * a JSON-RPC error body, so that a client can read why.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly id: JsonRpcId | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  body() {
    return failure(this.id, { code: this.code, message: this.message });
  }

  /** Answers the request with this refusal. */
  answer(ctx: Context): void {
    ctx.status = this.status;
    ctx.set(this.headers);
    ctx.body = this.body();
  }

  static badRequest(message: string, code: number = ErrorCode.ConnectionClosed): HttpError {
    return new HttpError(400, code, `Bad Request: ${message}`);
  }

  static notFound(message: string): HttpError {
    return new HttpError(404, ErrorCode.ConnectionClosed, `Not Found: ${message}`);
  }

  static methodNotAllowed(message: string, allow: string): HttpError {
    return new HttpError(405, ErrorCode.ConnectionClosed, `Method Not Allowed: ${message}`, null, { Allow: allow });
  }
}
