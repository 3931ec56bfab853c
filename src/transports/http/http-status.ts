import type { BearerErrorCode } from '../../auth/bearer-challenge';
import { isFailure, type JsonRpcResponse } from '../../core/protocol/json-rpc';
import { ErrorCode } from '../../core/protocol/mcp-error';

/**
 * The one table of HTTP statuses Armature answers with. Every refusal, every JSON answer and
 * every auth challenge takes its status from here, so one reason never gets two statuses.
 */
export const HTTP_STATUS = {
  /** Malformed JSON, a missing or contradicting header, an unsupported protocol version, a batch. */
  badRequest: 400,
  /** No bearer token, or one the verifier refuses (RFC 6750 §3.1 invalid_token). */
  unauthorized: 401,
  /** A Host or Origin that is not allowed; a token without the scopes a call needs (step-up). */
  forbidden: 403,
  /** A session or stream that does not exist (any more); a 2026-07-28 method nobody serves. */
  notFound: 404,
  methodNotAllowed: 405,
  notAcceptable: 406,
  /** A second standalone stream for one session. */
  conflict: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  internal: 500,
  /** Not started, shutting down, or the shared state store is out of reach: try again. */
  unavailable: 503,
} as const;

/** Why the HTTP layer refuses a request, as a name of the table above. */
export type HttpRefusal = keyof typeof HTTP_STATUS;

/**
 * A bearer-token refusal's status, as RFC 6750 §3.1 gives it; no error code at all means the
 * request carried no credentials (401 with a bare challenge).
 */
const BEARER_REFUSALS: Record<BearerErrorCode, HttpRefusal> = {
  invalid_request: 'badRequest',
  invalid_token: 'unauthorized',
  insufficient_scope: 'forbidden',
};

/**
 * The JSON-RPC errors whose JSON answer is not 200. Both eras: a missing scope is a 403 step-up
 * challenge (MCP authorization). 2026-07-28 also maps its envelope faults to 400 and an unknown
 * method to 404, so intermediaries can route on the status; the session era answers every other
 * error 200, as JSON-RPC over HTTP does.
 */
const SESSION_ERA_ANSWERS: Readonly<Record<number, HttpRefusal>> = {
  [ErrorCode.InsufficientScope]: 'forbidden',
};
const STATELESS_ERA_ANSWERS: Readonly<Record<number, HttpRefusal>> = {
  ...SESSION_ERA_ANSWERS,
  [ErrorCode.MethodNotFound]: 'notFound',
  [ErrorCode.UnsupportedProtocolVersion]: 'badRequest',
  [ErrorCode.MissingRequiredClientCapability]: 'badRequest',
  [ErrorCode.HeaderMismatch]: 'badRequest',
};

export type Era = 'session' | 'stateless';

export function bearerRefusalStatus(error: BearerErrorCode | undefined): number {
  return HTTP_STATUS[error === undefined ? 'unauthorized' : BEARER_REFUSALS[error]];
}

/** The status of a POST's JSON answer; a batch or a result is 200. */
export function answerStatus(response: JsonRpcResponse | JsonRpcResponse[], era: Era): number {
  if (Array.isArray(response) || !isFailure(response)) return 200;
  const refusal = (era === 'stateless' ? STATELESS_ERA_ANSWERS : SESSION_ERA_ANSWERS)[response.error.code];
  return refusal === undefined ? 200 : HTTP_STATUS[refusal];
}
