import type { ClientCapabilities, ClientInfo } from '../../context/client-exchange';
import { frozenJson } from '../../core/protocol/frozen-json';
import type { JsonObject } from '../../core/protocol/json-rpc';
import { McpError } from '../../core/protocol/mcp-error';
import { isSessionEraVersion, LATEST_SESSION_VERSION } from '../../core/protocol/versions';
import type { ServerCapabilities } from '../../features/capabilities';
import type { ServerOptions } from '../../metadata/types';
import { SessionState } from './session-state';

/**
 * The session-era handshake: answer the client's version when supported, else the latest, which
 * the client may refuse (lifecycle, "Version Negotiation").
 */
export function negotiate(params: JsonObject, sessionId?: string): SessionState {
  const requested = params.protocolVersion;
  if (typeof requested !== 'string') throw McpError.invalidParams('Invalid params: "protocolVersion" must be a string');
  const capabilities = params.capabilities;
  if (capabilities !== undefined && (typeof capabilities !== 'object' || capabilities === null)) {
    throw McpError.invalidParams('Invalid params: "capabilities" must be an object');
  }
  const version = isSessionEraVersion(requested) ? requested : LATEST_SESSION_VERSION;
  // Frozen, so the session store and every view of the session can share one copy for its life.
  return new SessionState(
    version,
    frozenJson(capabilities ?? {}) as ClientCapabilities,
    frozenJson(params.clientInfo) as ClientInfo | undefined,
    sessionId,
  );
}

export function initializeResult(
  session: SessionState,
  server: ServerOptions,
  capabilities: ServerCapabilities,
): JsonObject {
  const result: JsonObject = {
    protocolVersion: session.protocolVersion,
    capabilities,
    serverInfo: serverInfo(server, session.protocolVersion),
  };
  if (server.instructions) result.instructions = server.instructions;
  return result;
}

/** Fields newer than the negotiated revision are left out, so older clients see what they expect. */
export function serverInfo(server: ServerOptions, version: string): JsonObject {
  const info: JsonObject = { name: server.name, version: server.version };
  if (version >= '2025-06-18' && server.title) info.title = server.title;
  if (version >= '2025-11-25') {
    if (server.description) info.description = server.description;
    if (server.icons) info.icons = server.icons;
    if (server.websiteUrl) info.websiteUrl = server.websiteUrl;
  }
  return info;
}
