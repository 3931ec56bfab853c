import type { Context } from 'koa';
import { faultAnswer } from '../../core/protocol/error-funnel';
import type { JsonRpcId } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import { HTTP_STATUS, type HttpRefusal } from './http-status';

/**
 * A request the HTTP layer refuses before the engine sees it: a protocol fault (an McpError, so
 * its code and message are what the client reads) with the HTTP status the table gives its
 * reason. It is answered with a JSON-RPC error body, so that a client can read why.
 */
export class HttpError extends McpError {
  readonly status: number;

  constructor(
    readonly refusal: HttpRefusal,
    code: number,
    message: string,
    readonly id: JsonRpcId | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
    this.name = 'HttpError';
    this.status = HTTP_STATUS[refusal];
  }

  body() {
    return faultAnswer(this.id, this);
  }

  /** Answers the request with this refusal. */
  answer(ctx: Context): void {
    ctx.status = this.status;
    ctx.set(this.headers);
    ctx.body = this.body();
  }

  static badRequest(message: string, code: number = ErrorCode.ConnectionClosed): HttpError {
    return new HttpError('badRequest', code, `Bad Request: ${message}`);
  }

  static notFound(message: string): HttpError {
    return new HttpError('notFound', ErrorCode.ConnectionClosed, `Not Found: ${message}`);
  }

  static methodNotAllowed(message: string, allow: string): HttpError {
    return new HttpError('methodNotAllowed', ErrorCode.ConnectionClosed, `Method Not Allowed: ${message}`, null, {
      Allow: allow,
    });
  }

  /** Before the transport has an engine, or while it stops. */
  static unavailable(message: string, headers: Record<string, string> = {}): HttpError {
    return new HttpError('unavailable', ErrorCode.ConnectionClosed, message, null, headers);
  }
}
