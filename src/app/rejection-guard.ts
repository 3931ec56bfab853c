import type { Logger } from '../core/logging/logger';

/**
 * The last line of defence while the application serves: a promise rejection nobody handled
 * (a store that failed in a background write, a handler's stray promise) is logged as an error
 * with its stack, rather than ending the process and every other client's session with it.
 * Returns the function that takes the guard down again (on close).
 */
export function guardUnhandledRejections(logger: Logger): () => void {
  const onRejection = (reason: unknown) => {
    logger.error(
      'unhandled promise rejection; the server keeps serving: %s',
      reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    );
  };
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
