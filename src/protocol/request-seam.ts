import type { AuthInfo } from '../context/client-exchange';
import { failure, isFailure, type JsonObject, type JsonRpcResponse, success } from '../core/protocol/json-rpc';
import type { McpRequest } from '../pipeline/interfaces';
import { type RequestOperation, UNOBSERVED_OPERATION } from '../telemetry/request-operation';
import type { Outcome } from '../telemetry/server-operation';
import type { RequestTransport } from '../telemetry/telemetry-options';
import type { Cancellation } from './cancellation';
import type { EngineCore } from './engine-core';
import type { InboundRequest } from './inbound';
import type { Outbound } from './outbound';
import type { SessionState } from './session/session-state';

/** What the seam knows of the connection a session-era request arrived on (none for a 2026-07-28 request served alone). */
export interface SeamConnection {
  readonly session?: SessionState;
  readonly options: { readonly sessionId?: string };
  /** Set when `initialize` opens a session here; the connection calls it when it closes. */
  endSessionTelemetry?: () => void;
}

/** What the transport said about the request, and where it arrived. */
export interface SeamRequest {
  auth?: AuthInfo;
  cancellation: Cancellation;
  transport?: RequestTransport;
  connection?: SeamConnection;
  /** Where the request's notifications and server-to-client requests go. */
  sink: Outbound;
}

/**
 * Who runs the requests the seam serves and hears when each has settled: the connection, or the
 * engine for a 2026-07-28 request served alone (an object, not a closure per request).
 */
export interface SeamRunner {
  runRequest(request: InboundRequest, seam: SeamRequest): JsonObject | Promise<JsonObject>;
  /** The request's answer is settled (or it was cancelled): it no longer runs here. */
  requestSettled(request: InboundRequest): void;
}

/**
 * The one place every MCP request passes, once, whatever its method (`initialize`, `ping` and
 * `server/discover` included), its era and its transport: its span and duration start and end
 * here, the application's middleware runs around it (inside the span), and a throw from either
 * becomes the JSON-RPC error here, through the funnel. A cancelled request gets no response
 * (cancellation utility: receivers SHOULD NOT respond): undefined. The runner hears when the
 * request has settled, so that it need not wrap this promise in another.
 */
export async function serveRequest(
  engine: EngineCore,
  request: InboundRequest,
  seam: SeamRequest,
  runner: SeamRunner,
): Promise<JsonRpcResponse | undefined> {
  // The steps before and after the await are functions of their own: a suspended async function
  // keeps its whole frame, so the fewer values this one holds, the less every request allocates.
  try {
    // A request that no span records and no log line reports is not timed (the level is read once, here).
    const logged = engine.logger.enabled('info');
    const operation =
      logged || engine.telemetry.traced() ? startOperation(engine, request, seam) : UNOBSERVED_OPERATION;
    let response: JsonRpcResponse;
    try {
      const result = await performed(engine, request, seam, runner, operation);
      response = success(request.id, result as JsonObject);
    } catch (error) {
      response = failure(request.id, engine.errors.toJsonRpc(error, request.method));
    }
    return concluded(engine, request, seam, operation, logged, response);
  } finally {
    runner.requestSettled(request);
  }
}

function startOperation(
  engine: EngineCore,
  request: InboundRequest,
  { transport, connection }: SeamRequest,
): RequestOperation {
  const { id, method, params, era } = request;
  return engine.telemetry.startRequest({
    method,
    id,
    params,
    sessionId: connection?.options.sessionId,
    protocolVersion: era === 'stateless' ? request.protocolVersion : connection?.session?.protocolVersion,
    traceCarrier: request.traceCarrier,
    transport,
  });
}

/** The request's result: run as it is, unless an operation or middleware wraps it. */
function performed(
  engine: EngineCore,
  request: InboundRequest,
  seam: SeamRequest,
  runner: SeamRunner,
  operation: RequestOperation,
): JsonObject | Promise<JsonObject> {
  const middleware = engine.pipeline.hasMiddleware;
  if (!middleware && operation === UNOBSERVED_OPERATION) return runner.runRequest(request, seam);
  const run = () => runner.runRequest(request, seam);
  if (!middleware) return operation.run(run);
  const { id, method, params, era } = request;
  const described: McpRequest = { id, method, params, era, auth: seam.auth };
  return operation.run(() => engine.pipeline.handle(described, run));
}

/** Ends the request's operation, logs it, and gives the transport its answer (none once cancelled). */
function concluded(
  engine: EngineCore,
  request: InboundRequest,
  { cancellation, connection }: SeamRequest,
  operation: RequestOperation,
  logged: boolean,
  response: JsonRpcResponse,
): JsonRpcResponse | undefined {
  const { id, method, era } = request;
  const outcome = outcomeOf(method, response, cancellation);
  const seconds = operation.end(outcome, connection?.session?.protocolVersion);
  if (logged) {
    const name = operation.target;
    const ms = Math.round(seconds * 1e6) / 1000;
    const code = outcome.kind === 'error' ? outcome.code : undefined;
    engine.logger.record('info', `${method}${name ? ` ${name}` : ''} ${outcome.kind} in ${ms} ms`, {
      method,
      name,
      durationMs: ms,
      outcome: outcome.kind,
      errorCode: code,
      era,
      sessionId: connection?.options.sessionId,
      requestId: id,
      traceId: operation.traceId,
    });
  }
  if (method === 'initialize' && outcome.kind === 'ok' && connection?.session) {
    connection.endSessionTelemetry = engine.telemetry.sessionOpened(connection.session.protocolVersion);
  }
  return cancellation.aborted ? undefined : response;
}

const OK: Outcome = Object.freeze({ kind: 'ok' });
const TOOL_ERROR: Outcome = Object.freeze({ kind: 'tool_error' });
const CANCELLED: Outcome = Object.freeze({ kind: 'cancelled' });

function outcomeOf(method: string, response: JsonRpcResponse, cancellation: Cancellation): Outcome {
  if (cancellation.aborted) return CANCELLED;
  if (isFailure(response)) return { kind: 'error', code: response.error.code, message: response.error.message };
  if (method === 'tools/call' && response.result.isError === true) return TOOL_ERROR;
  return OK;
}
