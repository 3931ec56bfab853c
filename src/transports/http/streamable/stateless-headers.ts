import type { Context } from 'koa';
import { headerValue, type ParamHeader } from '../../../components/param-headers';
import type { JsonObject, JsonRpcId } from '../../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../../core/protocol/mcp-error';
import { STATELESS_ERA_VERSION } from '../../../core/protocol/versions';
import type { Frame } from '../../../protocol/codec';
import { readEnvelope } from '../../../protocol/stateless/envelope';
import { HttpError } from '../http-error';

const PROTOCOL_VERSION_META = 'io.modelcontextprotocol/protocolVersion';
/** Methods whose target is named in `Mcp-Name`, and where the body holds it. */
const NAMED: Record<string, 'name' | 'uri' | 'taskId'> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  // The tasks extension names the task, so intermediaries can route a task's requests together.
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** The protocol version a request body names in its `_meta` envelope (2026-07-28), if any. */
export function envelopeVersion(frame: Frame): string | undefined {
  if (frame.kind !== 'single' || !('method' in frame.message)) return undefined;
  const meta = frame.message.params?._meta as JsonObject | undefined;
  const version = typeof meta === 'object' && meta !== null ? meta[PROTOCOL_VERSION_META] : undefined;
  return typeof version === 'string' ? version : undefined;
}

/**
 * 2026-07-28 puts what routing needs in headers, and they must agree with the body:
 * `MCP-Protocol-Version` with `_meta`, `Mcp-Method` with the method, `Mcp-Name` with the tool,
 * prompt or resource. A disagreement is refused before the engine runs (400, -32020).
 */
export function checkStatelessHeaders(
  ctx: Context,
  frame: Frame,
  paramHeadersOf: (tool: string) => ParamHeader[] | undefined = () => undefined,
): void {
  if (frame.kind === 'batch') {
    throw new HttpError(
      'badRequest',
      ErrorCode.InvalidRequest,
      'Invalid request: JSON-RPC batches are not supported in 2026-07-28',
    );
  }
  const message = frame.message;
  if (!('method' in message)) {
    throw new HttpError(
      'badRequest',
      ErrorCode.InvalidRequest,
      'Invalid request: a 2026-07-28 client sends no responses',
    );
  }
  const id = 'id' in message ? message.id : null;
  const mismatch = (detail: string) =>
    new HttpError('badRequest', ErrorCode.HeaderMismatch, `Header mismatch: ${detail}`, id);
  const version = decodeHeader(ctx.get('mcp-protocol-version'));
  const bodyVersion = envelopeVersion(frame);
  if (!version) throw mismatch('MCP-Protocol-Version is required');
  if (bodyVersion !== undefined && bodyVersion !== version) {
    throw mismatch(`MCP-Protocol-Version "${version}" differs from _meta protocolVersion "${bodyVersion}"`);
  }
  if (bodyVersion === undefined && 'id' in message) {
    throw new HttpError(
      'badRequest',
      ErrorCode.InvalidParams,
      `Invalid params: _meta["${PROTOCOL_VERSION_META}"] must be "${STATELESS_ERA_VERSION}"`,
      id,
    );
  }
  if ('id' in message) refuseMalformedEnvelope(message.params, id);
  const method = decodeHeader(ctx.get('mcp-method'));
  if (!method && 'id' in message) throw mismatch('Mcp-Method is required');
  if (method && method !== message.method) {
    throw mismatch(`Mcp-Method "${method}" differs from the body's method "${message.method}"`);
  }
  const field = NAMED[message.method];
  if (!field) return;
  const expected = message.params?.[field];
  const name = decodeHeader(ctx.get('mcp-name'));
  if (!name) throw mismatch(`Mcp-Name is required for ${message.method}`);
  if (name !== expected) throw mismatch(`Mcp-Name "${name}" differs from params.${field}`);
  if (message.method !== 'tools/call') return;
  for (const header of paramHeadersOf(String(expected)) ?? []) {
    const sent = ctx.get(`mcp-param-${header.name}`);
    const value = headerValue(message.params?.arguments, header.path);
    if (value === undefined && sent) {
      throw mismatch(`Mcp-Param-${header.name} is sent but arguments.${header.path.join('.')} is absent`);
    }
    if (value === undefined) continue;
    if (!sent) throw mismatch(`Mcp-Param-${header.name} is required when arguments.${header.path.join('.')} is given`);
    if (decodeHeader(sent) !== value) {
      throw mismatch(`Mcp-Param-${header.name} differs from arguments.${header.path.join('.')}`);
    }
  }
}

/**
 * A malformed envelope (missing capabilities, a bad logLevel) is a 400 before the engine runs; the
 * engine's own reader decides what is malformed. Other envelope faults, such as an unsupported
 * version, reach the engine, whose answer carries their data (the supported versions).
 */
function refuseMalformedEnvelope(params: JsonObject | undefined, id: JsonRpcId | null): void {
  try {
    readEnvelope(params);
  } catch (error) {
    if (error instanceof McpError && error.code === ErrorCode.InvalidParams) {
      throw new HttpError('badRequest', error.code, error.message, id);
    }
  }
}

/** Header values that are not plain ASCII travel as `=?base64?<utf-8 in base64>?=`. */
export function decodeHeader(value: string): string {
  const encoded = /^=\?base64\?(.*)\?=$/i.exec(value);
  return encoded ? Buffer.from(encoded[1], 'base64').toString('utf8') : value;
}
