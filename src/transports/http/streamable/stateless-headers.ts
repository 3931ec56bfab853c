import type { Context } from 'koa';
import { ErrorCode } from '../../../core/protocol/mcp-error';
import { META } from '../../../core/protocol/meta-keys';
import { STATELESS_ERA_VERSION } from '../../../core/protocol/versions';
import type { Inbound, InboundRequest } from '../../../protocol/inbound';
import type { RoutingHeader } from '../../../protocol/routing-headers';
import { HttpError } from '../http-error';

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

/**
 * 2026-07-28 puts what routing needs in headers, and they must agree with the body as the engine's
 * front door classified it: `MCP-Protocol-Version` with `_meta`, `Mcp-Method` with the method,
 * `Mcp-Name` with the tool, prompt or resource, `Mcp-Param-*` with the arguments the engine names
 * (`routingHeaders`). A disagreement, or a malformed envelope, is refused before the engine runs
 * (400; -32020 for a header, -32602 for the envelope). Other envelope faults, such as an
 * unsupported version, reach the engine, whose answer carries their data (the supported versions).
 */
export function checkStatelessHeaders(
  ctx: Context,
  message: Inbound,
  routingHeaders: (request: InboundRequest) => readonly RoutingHeader[] = () => [],
): void {
  if (message.kind === 'response') {
    throw new HttpError(
      'badRequest',
      ErrorCode.InvalidRequest,
      'Invalid request: a 2026-07-28 client sends no responses',
    );
  }
  const request = message.kind === 'request' ? message : undefined;
  const id = request ? request.id : null;
  const mismatch = (detail: string) =>
    new HttpError('badRequest', ErrorCode.HeaderMismatch, `Header mismatch: ${detail}`, id);
  const version = decodeHeader(ctx.get('mcp-protocol-version'));
  const bodyVersion = message.protocolVersion;
  if (!version) throw mismatch('MCP-Protocol-Version is required');
  if (bodyVersion !== undefined && bodyVersion !== version) {
    throw mismatch(`MCP-Protocol-Version "${version}" differs from _meta protocolVersion "${bodyVersion}"`);
  }
  if (request && bodyVersion === undefined) {
    throw new HttpError(
      'badRequest',
      ErrorCode.InvalidParams,
      `Invalid params: _meta["${META.protocolVersion}"] must be "${STATELESS_ERA_VERSION}"`,
      id,
    );
  }
  const malformed = request?.envelopeFault;
  if (malformed?.code === ErrorCode.InvalidParams)
    throw new HttpError('badRequest', malformed.code, malformed.message, id);
  const method = decodeHeader(ctx.get('mcp-method'));
  if (!method && request) throw mismatch('Mcp-Method is required');
  if (method && method !== message.method) {
    throw mismatch(`Mcp-Method "${method}" differs from the body's method "${message.method}"`);
  }
  const field = NAMED[message.method];
  if (!field) return;
  const expected = message.params[field];
  const name = decodeHeader(ctx.get('mcp-name'));
  if (!name) throw mismatch(`Mcp-Name is required for ${message.method}`);
  if (name !== expected) throw mismatch(`Mcp-Name "${name}" differs from params.${field}`);
  if (!request) return;
  for (const header of routingHeaders(request)) {
    const sent = ctx.get(`mcp-param-${header.name}`);
    if (header.value === undefined && sent) {
      throw mismatch(`Mcp-Param-${header.name} is sent but arguments.${header.argument} is absent`);
    }
    if (header.value === undefined) continue;
    if (!sent) throw mismatch(`Mcp-Param-${header.name} is required when arguments.${header.argument} is given`);
    if (decodeHeader(sent) !== header.value) {
      throw mismatch(`Mcp-Param-${header.name} differs from arguments.${header.argument}`);
    }
  }
}

/** Header values that are not plain ASCII travel as `=?base64?<utf-8 in base64>?=`. */
export function decodeHeader(value: string): string {
  // Only a value that starts like `=?base64?` can be encoded: the others need no regexp.
  if (value.length < 10 || value.charCodeAt(0) !== 61 /* = */) return value;
  const encoded = /^=\?base64\?(.*)\?=$/i.exec(value);
  return encoded ? Buffer.from(encoded[1], 'base64').toString('utf8') : value;
}
