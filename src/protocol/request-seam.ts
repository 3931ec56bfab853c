import type { AuthInfo } from '../context/client-exchange';
import {
  failure,
  type JsonObject,
  type JsonRpcRequest,
  type JsonRpcResponse,
  success,
} from '../core/protocol/json-rpc';
import type { McpRequest } from '../pipeline/interfaces';
import type { EngineCore } from './engine-core';

/** What the seam knows of the connection a request arrived on. */
export interface SeamConnection {
  readonly engine: EngineCore;
}

/** How the connection classified the request. */
export interface SeamRequest {
  era: 'session' | 'stateless';
  auth?: AuthInfo;
}

/**
 * The one place every MCP request passes, once, whatever its method (`initialize`, `ping` and
 * `server/discover` included), its era and its transport: the application's middleware runs
 * around it here, and a throw from either becomes the JSON-RPC error here, through the funnel.
 */
export async function serveRequest(
  connection: SeamConnection,
  request: JsonRpcRequest,
  { era, auth }: SeamRequest,
  run: () => Promise<JsonObject>,
): Promise<JsonRpcResponse> {
  const { engine } = connection;
  const described: McpRequest = { id: request.id, method: request.method, params: request.params ?? {}, era, auth };
  try {
    return success(request.id, (await engine.pipeline.handle(described, run)) as JsonObject);
  } catch (error) {
    return failure(request.id, engine.errors.toJsonRpc(error, request.method));
  }
}
