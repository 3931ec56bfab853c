/**
 * Names from the OpenTelemetry semantic conventions for MCP (semantic-conventions-genai,
 * docs/gen-ai/mcp.md, status Development) and the general attributes they reference. Names that
 * the conventions do not define yet carry Armature's own `armature.` prefix.
 */
export const ATTR = {
  methodName: 'mcp.method.name',
  sessionId: 'mcp.session.id',
  resourceUri: 'mcp.resource.uri',
  protocolVersion: 'mcp.protocol.version',
  toolName: 'gen_ai.tool.name',
  promptName: 'gen_ai.prompt.name',
  operationName: 'gen_ai.operation.name',
  requestId: 'jsonrpc.request.id',
  errorType: 'error.type',
  responseStatusCode: 'rpc.response.status_code',
  networkTransport: 'network.transport',
  networkProtocolName: 'network.protocol.name',
  networkProtocolVersion: 'network.protocol.version',
  clientAddress: 'client.address',
  clientPort: 'client.port',
} as const;

export const METRIC = {
  /** Histogram, seconds: from the request's arrival to its answer (semconv). */
  operationDuration: 'mcp.server.operation.duration',
  /** Histogram, seconds: from `initialize` to the session's end (semconv). */
  sessionDuration: 'mcp.server.session.duration',
  /** Up-down counter: requests being handled now. */
  activeRequests: 'armature.mcp.server.active_requests',
  /** Up-down counter: session-era sessions this instance opened and still holds. */
  activeSessions: 'armature.mcp.server.active_sessions',
  /** Up-down counter: open SSE streams (streamable HTTP and legacy SSE). */
  activeStreams: 'armature.mcp.server.active_streams',
} as const;

/** The bucket boundaries the conventions ask for on both duration histograms. */
export const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** `error.type` of a tool call answered with `isError: true` (a successful JSON-RPC response). */
export const TOOL_ERROR = 'tool_error';
/** `error.type` of a request the client (or shutdown) cancelled before it was answered. */
export const CANCELLED = 'cancelled';

/** The instrumentation scope every span and instrument is created under. */
export const SCOPE = 'armature-mcp';
