import type { MethodSpec } from '../features/method';
import { METHODS } from '../features/method-table';
import type { McpEngine } from './engine';
import { ErrorCode, McpError } from './mcp-error';
import { hasCapability } from './server-capabilities';

/**
 * The handler of `method` if this era offers it and the server declares its capability;
 * otherwise -32601, saying which of the two is missing.
 */
export function offeredMethod(engine: McpEngine, method: string, era: 'session' | 'stateless'): MethodSpec {
  const spec = METHODS.get(method);
  if (!spec?.eras.includes(era)) throw McpError.methodNotFound(method);
  if (spec.capability && !hasCapability(engine.capabilities(), spec.capability)) {
    throw new McpError(
      ErrorCode.MethodNotFound,
      `Method not found: ${method} (this server does not declare ${spec.capability})`,
    );
  }
  return spec;
}
