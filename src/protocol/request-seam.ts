import type { AuthInfo } from '../context/client-exchange';
import {
  failure,
  isFailure,
  type JsonObject,
  type JsonRpcRequest,
  type JsonRpcResponse,
  success,
} from '../core/protocol/json-rpc';
import { META } from '../core/protocol/meta-keys';
import type { McpRequest } from '../pipeline/interfaces';
import type { Outcome } from '../telemetry/server-operation';
import type { RequestTransport } from '../telemetry/telemetry-options';
import type { Cancellation } from './cancellation';
import type { EngineCore } from './engine-core';
import type { SessionState } from './session/session-state';

/** What the seam knows of the connection a request arrived on. */
export interface SeamConnection {
  readonly engine: EngineCore;
  readonly session?: SessionState;
  readonly options: { readonly sessionId?: string };
  /** Set when `initialize` opens a session here; the connection calls it when it closes. */
  endSessionTelemetry?: () => void;
}

/** How the connection classified the request, and what the transport said about it. */
export interface SeamRequest {
  era: 'session' | 'stateless';
  auth?: AuthInfo;
  cancellation: Cancellation;
  transport?: RequestTransport;
}

/**
 * The one place every MCP request passes, once, whatever its method (`initialize`, `ping` and
 * `server/discover` included), its era and its transport: its span and duration start and end
 * here, the application's middleware runs around it (inside the span), and a throw from either
 * becomes the JSON-RPC error here, through the funnel.
 */
export async function serveRequest(
  connection: SeamConnection,
  request: JsonRpcRequest,
  { era, auth, cancellation, transport }: SeamRequest,
  run: () => Promise<JsonObject>,
): Promise<JsonRpcResponse> {
  const { engine } = connection;
  const params = request.params ?? {};
  const operation = engine.telemetry.startRequest({
    method: request.method,
    id: request.id,
    params,
    sessionId: connection.options.sessionId,
    protocolVersion: era === 'stateless' ? envelopeVersion(params) : connection.session?.protocolVersion,
    transport,
  });
  const described: McpRequest = { id: request.id, method: request.method, params, era, auth };
  let response: JsonRpcResponse;
  try {
    const result = await operation.run(() => engine.pipeline.handle(described, run));
    response = success(request.id, result as JsonObject);
  } catch (error) {
    response = failure(request.id, engine.errors.toJsonRpc(error, request.method));
  }
  const outcome = outcomeOf(request.method, response, cancellation);
  const seconds = operation.end(outcome, connection.session?.protocolVersion);
  if (engine.logger.enabled('info')) {
    const name = operation.target;
    const ms = Math.round(seconds * 1e6) / 1000;
    const code = outcome.kind === 'error' ? outcome.code : undefined;
    engine.logger.record('info', `${request.method}${name ? ` ${name}` : ''} ${outcome.kind} in ${ms} ms`, {
      method: request.method,
      name,
      durationMs: ms,
      outcome: outcome.kind,
      errorCode: code,
      era,
      sessionId: connection.options.sessionId,
      requestId: request.id,
      traceId: operation.traceId,
    });
  }
  if (request.method === 'initialize' && outcome.kind === 'ok' && connection.session) {
    connection.endSessionTelemetry = engine.telemetry.sessionOpened(connection.session.protocolVersion);
  }
  return response;
}

function outcomeOf(method: string, response: JsonRpcResponse, cancellation: Cancellation): Outcome {
  if (cancellation.aborted) return { kind: 'cancelled' };
  if (isFailure(response)) return { kind: 'error', code: response.error.code, message: response.error.message };
  if (method === 'tools/call' && response.result.isError === true) return { kind: 'tool_error' };
  return { kind: 'ok' };
}

function envelopeVersion(params: JsonObject): string | undefined {
  const version = (params._meta as JsonObject | undefined)?.[META.protocolVersion];
  return typeof version === 'string' ? version : undefined;
}
