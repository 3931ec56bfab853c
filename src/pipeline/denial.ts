import type { Invocable, Target } from '../components/invocable';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';

/** Marks an error as control flow: tools pass it to the client and filters never see it. */
function escaping<E extends Error>(error: E): E {
  Object.defineProperty(error, 'controlFlow', { value: true });
  return error;
}

/** A caller a guard turned away is answered exactly as if the component did not exist. */
export function notFound(component: Invocable, target: Target): McpError {
  switch (component.kind) {
    case 'tool':
      return escaping(McpError.invalidParams(`Unknown tool: ${component.name}`));
    case 'prompt':
      return escaping(McpError.invalidParams(`Unknown prompt: ${component.name}`));
    case 'resource': {
      const uri = target.uri ?? component.name;
      return escaping(new McpError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri }));
    }
    case 'completion': {
      const ref = component.name.slice(0, component.name.indexOf('#'));
      return escaping(
        ref.startsWith('prompt:')
          ? McpError.invalidParams(`Unknown prompt: ${ref.slice('prompt:'.length)}`)
          : McpError.invalidParams(`Unknown resource template: ${ref.slice('resource:'.length)}`),
      );
    }
  }
}

/**
 * A caller whose token lacks scopes the component requires: the one denial that is not hidden,
 * so the client can ask for the scopes (over HTTP a 403 insufficient_scope challenge).
 */
export function insufficientScope(component: Invocable, required: string[], missing: string[]): McpError {
  const what = component.kind === 'completion' ? 'completion' : component.kind;
  return escaping(
    new McpError(
      ErrorCode.InsufficientScope,
      `Forbidden: ${what} "${component.name}" needs the scopes ${required.join(' ')} (missing: ${missing.join(' ')})`,
      { requiredScopes: required },
    ),
  );
}
