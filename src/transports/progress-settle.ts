/**
 * The official clients (SDK 1.x, client 2.x) dispatch a notification a few microtasks after they
 * read it, but handle a response at once, dropping the request's progress handler. A response
 * read in the same chunk as the request's last progress notification therefore loses that
 * notification. Transports that share one byte stream between notifications and the response
 * (stdio, legacy SSE, a JSON response after GET-stream messages) hold such a response back for a
 * moment, so it lands in a read of its own. Only requests that reported progress pay for it.
 */
export const PROGRESS_SETTLE_MS = 50;

export function afterProgressSettles(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, PROGRESS_SETTLE_MS));
}
