import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import { hasCapability } from '../features/capabilities';
import type { MethodSpec } from '../features/method';
import type { EngineCore } from './engine-core';

/**
 * The handler of `method` if this era offers it and the server declares its capability;
 * otherwise -32601, saying which of the two is missing.
 */
export function offeredMethod(engine: EngineCore, method: string, era: 'session' | 'stateless'): MethodSpec {
  const spec = engine.methods.get(method);
  if (!spec?.eras.includes(era)) throw McpError.methodNotFound(method);
  if (spec.capability && !hasCapability(engine.capabilities(), spec.capability)) {
    throw new McpError(
      ErrorCode.MethodNotFound,
      `Method not found: ${method} (this server does not declare ${spec.capability})`,
    );
  }
  return spec;
}
