import { isLoggingLevel } from '../context/logging-level';
import { McpError } from '../protocol/mcp-error';
import { type MethodSpec, SESSION_ONLY } from './method';

export const loggingMethods: Record<string, MethodSpec> = {
  'logging/setLevel': {
    capability: 'logging',
    eras: SESSION_ONLY,
    run: async ({ params, session }) => {
      if (!isLoggingLevel(params.level)) {
        throw McpError.invalidParams(
          `Invalid params: "level" must be one of debug, info, notice, warning, error, critical, alert, emergency`,
        );
      }
      if (session) session.logLevel = params.level;
      return {};
    },
  },
};
