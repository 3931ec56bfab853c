import type { JsonRpcRequest } from '../core/protocol/json-rpc';
import { McpError } from '../core/protocol/mcp-error';

/**
 * The fields of a request whose type the spec fixes, checked once before any handler, context or
 * serialiser walks them. A request that breaks them is refused on its own (-32602 naming the
 * field); the session and every other request go on. Echoed back to the client, a progress token
 * of any other shape (an array nested thousands deep, say) could not even be serialised.
 */
export function specFieldFault(request: JsonRpcRequest): McpError | undefined {
  const params = request.params;
  if (params === undefined) return undefined;
  if ('cursor' in params && params.cursor !== undefined && typeof params.cursor !== 'string') {
    return McpError.invalidParams('Invalid params: "cursor" must be a string');
  }
  if (!('_meta' in params)) return undefined;
  const meta = params._meta;
  if (meta === undefined) return undefined;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    return McpError.invalidParams('Invalid params: "_meta" must be an object');
  }
  if ('progressToken' in meta) {
    const token = (meta as { progressToken: unknown }).progressToken;
    if (typeof token !== 'string' && !Number.isSafeInteger(token)) {
      return McpError.invalidParams('Invalid params: "_meta.progressToken" must be a string or an integer');
    }
  }
  return undefined;
}
