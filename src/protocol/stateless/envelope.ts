import type { ClientCapabilities, ClientInfo } from '../../context/client-exchange';
import { isLoggingLevel, type LoggingLevel } from '../../context/logging-level';
import type { JsonObject } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import { META } from '../../core/protocol/meta-keys';
import { ALL_VERSIONS, STATELESS_ERA_VERSION } from '../../core/protocol/versions';

/** What a 2026-07-28 request says about its client, in place of a session. */
export interface Envelope {
  protocolVersion: string;
  clientCapabilities: ClientCapabilities;
  clientInfo?: ClientInfo;
  logLevel?: LoggingLevel;
  progressToken?: string | number;
}

/**
 * Reads a 2026-07-28 request's `_meta` (the front door calls it once per request; see inbound.ts).
 * Throws -32602 for a malformed envelope and -32022 for a version this server does not speak.
 */
export function readEnvelope(meta: JsonObject): Envelope {
  const version = meta[META.protocolVersion];
  if (typeof version !== 'string') {
    throw McpError.invalidParams(`Invalid params: _meta["${META.protocolVersion}"] must be a string`);
  }
  if (version !== STATELESS_ERA_VERSION) {
    throw new McpError(ErrorCode.UnsupportedProtocolVersion, 'Unsupported protocol version', {
      supported: [STATELESS_ERA_VERSION, ...ALL_VERSIONS.filter((v) => v !== STATELESS_ERA_VERSION).reverse()],
      requested: version,
    });
  }
  const capabilities = meta[META.clientCapabilities];
  if (typeof capabilities !== 'object' || capabilities === null || Array.isArray(capabilities)) {
    throw McpError.invalidParams(`Invalid params: _meta["${META.clientCapabilities}"] must be an object`);
  }
  const logLevel = meta[META.logLevel];
  if (logLevel !== undefined && !isLoggingLevel(logLevel)) {
    throw McpError.invalidParams(`Invalid params: _meta["${META.logLevel}"] is not a logging level`);
  }
  const progressToken = meta.progressToken;
  return {
    protocolVersion: version,
    clientCapabilities: capabilities as ClientCapabilities,
    clientInfo: meta[META.clientInfo] as ClientInfo | undefined,
    logLevel,
    progressToken: typeof progressToken === 'string' || typeof progressToken === 'number' ? progressToken : undefined,
  };
}
