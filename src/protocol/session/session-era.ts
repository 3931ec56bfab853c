import type { AuthInfo } from '../../context/client-exchange';
import { McpContext } from '../../context/mcp-context';
import type { JsonObject } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import { atLeast } from '../../core/protocol/versions';
import { sessionlessCapabilities } from '../../features/capabilities';
import type { Cancellation } from '../cancellation';
import type { EngineCore } from '../engine-core';
import type { InboundRequest } from '../inbound';
import { offeredMethod } from '../offered-method';
import type { Outbound } from '../outbound';
import type { ClientRequests } from './client-requests';
import { initializeResult, negotiate } from './initialize';
import { SessionExchange } from './session-exchange';
import { SessionState, type StoredSession } from './session-state';
import { SessionTasks } from './session-tasks';

export { sessionTaskOwner } from './session-tasks';

/** What the session era needs of the connection it serves (the connection implements it). */
export interface SessionConnection {
  readonly engine: EngineCore;
  session?: SessionState;
  /** Identifies the connection where no session id does (stdio); tasks of anonymous clients are bound to it. */
  readonly id: string;
  readonly options: { readonly sessionId?: string; readonly sessionless?: boolean; readonly stored?: StoredSession };
  readonly clientRequests: ClientRequests;
  readonly outbound: Outbound;
}

/**
 * Session era: `initialize` opens the session; every later request is served within it. Returns
 * the result, or a promise of it (not async: a method that answers with a promise is not wrapped
 * in another), or throws what the error funnel turns into the JSON-RPC error.
 */
export function runSessionRequest(
  connection: SessionConnection,
  request: InboundRequest,
  outbound: Outbound,
  cancellation: Cancellation,
  auth: AuthInfo | undefined,
): JsonObject | Promise<JsonObject> {
  const { engine } = connection;
  const { params, progressToken } = request;
  if (request.method === 'initialize') return initializeSession(connection, params, auth);
  if (request.method === 'ping') return {};
  const session = connection.session;
  if (!session) {
    throw new McpError(
      ErrorCode.InvalidRequest,
      `Invalid request: send "initialize" first (protocol 2025-11-25 and earlier), or put "io.modelcontextprotocol/protocolVersion" in _meta (2026-07-28)`,
    );
  }
  const spec = offeredMethod(engine, request.method, 'session');
  if (spec.needsSession && session.sessionless) {
    throw new McpError(
      ErrorCode.MethodNotFound,
      `${request.method} needs a session, and this server runs without sessions (stateless: true)`,
    );
  }
  const exchange = new SessionExchange(
    session,
    outbound,
    connection.clientRequests,
    request.id,
    cancellation,
    progressToken,
    auth,
  );
  const call = {
    params,
    context: new McpContext(exchange),
    registry: engine.registry,
    errors: engine.errors,
    pipeline: engine.pipeline,
    session,
    exchange,
    bus: engine.bus,
    capabilities: engine.capabilities(),
    tasks:
      atLeast(session.protocolVersion, '2025-11-25') && !session.sessionless ? SessionTasks.of(connection) : undefined,
  };
  return spec.run(call) as JsonObject | Promise<JsonObject>;
}

async function initializeSession(
  connection: SessionConnection,
  params: JsonObject,
  auth: AuthInfo | undefined,
): Promise<JsonObject> {
  const { engine } = connection;
  if (connection.session)
    throw new McpError(ErrorCode.InvalidRequest, 'Invalid request: the session is already initialized');
  const session = negotiate(params, connection.options.sessionId);
  session.sessionless = connection.options.sessionless ?? false;
  // Saved before the answer leaves, so the client's next request finds it on any instance.
  if (connection.options.stored) await session.save(connection.options.stored, auth?.subject);
  connection.session = session;
  const capabilities = session.sessionless ? sessionlessCapabilities(engine.capabilities()) : engine.capabilities();
  return initializeResult(session, engine.server, capabilities);
}

/**
 * The session a deployment without sessions (`stateless: true`) implies for a session-era request
 * that did not `initialize`: its version from the request's header, nothing remembered.
 */
export function impliedSession(protocolVersion: string): SessionState {
  const session = new SessionState(protocolVersion, {}, undefined);
  session.initialized = true;
  session.sessionless = true;
  return session;
}
