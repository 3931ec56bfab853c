import { headerValue } from '../components/param-headers';
import type { McpRegistry } from '../registry/mcp-registry';
import type { InboundRequest } from './inbound';

/** One `Mcp-Param-{name}` header a 2026-07-28 `tools/call` must carry, and what it must say. */
export interface RoutingHeader {
  /** The header's name after `Mcp-Param-`, as the tool's schema declares it (`x-mcp-header`). */
  name: string;
  /** The argument it mirrors, as a dotted path (`location.region`), for error messages. */
  argument: string;
  /** The argument's text in this request, or undefined when the request does not give it. */
  value: string | undefined;
}

/**
 * The routing headers a request must carry beside its body: for a `tools/call`, one per argument
 * the tool marks with `x-mcp-header`; none for anything else (or a tool the server does not know,
 * which the engine answers itself).
 */
export function routingHeadersOf(registry: McpRegistry, request: InboundRequest): RoutingHeader[] {
  if (request.method !== 'tools/call' || typeof request.params.name !== 'string') return [];
  const headers = registry.tools.get(request.params.name)?.headers;
  if (!headers || headers.length === 0) return [];
  const args = request.params.arguments;
  return headers.map(({ name, path }) => ({ name, argument: path.join('.'), value: headerValue(args, path) }));
}
