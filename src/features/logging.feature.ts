import { isLoggingLevel } from '../context/logging-level';
import { McpError } from '../core/protocol/mcp-error';
import { type MethodSpec, SESSION_ONLY } from './method';

export const loggingMethods: Record<string, MethodSpec> = {
  'logging/setLevel': {
    // Without sessions (stateless: true) the level cannot outlive this request, so each request
    // logs at the default (info); refusing the call would break clients that always send it.
    capability: 'logging',
    eras: SESSION_ONLY,
    run: async ({ params, session }) => {
      if (!isLoggingLevel(params.level)) {
        throw McpError.invalidParams(
          `Invalid params: "level" must be one of debug, info, notice, warning, error, critical, alert, emergency`,
        );
      }
      await session?.update({ logLevel: params.level });
      return {};
    },
  },
};
