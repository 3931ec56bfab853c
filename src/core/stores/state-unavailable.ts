import { ErrorCode, McpError } from '../protocol/mcp-error';

/**
 * A store could not reach the service that holds the shared state (Redis down, a network cut, a
 * timeout). The request fails with this clear message, HTTP answers 503, nothing crashes, and the
 * next request succeeds once the service is back.
 */
export class StateUnavailableError extends McpError {
  override readonly name = 'StateUnavailableError';

  constructor(
    readonly store: string,
    readonly reason: string,
  ) {
    super(
      ErrorCode.InternalError,
      `Service unavailable: the shared state store (${store}) cannot be reached; retry shortly`,
      { retryable: true },
    );
  }
}
