/** What closing one listening application takes: it resolves once its in-flight work is drained. */
type Close = () => Promise<void>;

const listening = new Set<Close>();
let onSignal: (() => void) | undefined;

/**
 * SIGTERM and SIGINT for every application listening in this process, through one handler. The
 * first signal closes them all (each drains its in-flight work within its own deadline) and the
 * process exits once every one has closed, not as soon as the first has: exit code 0, or 1 if a
 * close failed. A second signal while they drain finds no handler, so Node ends the process at once.
 * An application that closes on its own leaves the set, and with none left the handler is removed:
 * a process that opens and closes applications (tests, a host restarting one) collects no handlers,
 * and a closed application's signal never exits a process another one still serves in.
 * Returns the function that takes this application out (on close).
 */
export function closeOnSignal(close: Close): () => void {
  listening.add(close);
  if (!onSignal) {
    const handler = () => {
      stopListening();
      const closing = [...listening].map((each) => each());
      listening.clear();
      void Promise.allSettled(closing).then((closed) =>
        process.exit(closed.some((c) => c.status === 'rejected') ? 1 : 0),
      );
    };
    onSignal = handler;
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  }
  return () => {
    listening.delete(close);
    if (listening.size === 0) stopListening();
  };
}

function stopListening(): void {
  if (!onSignal) return;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  onSignal = undefined;
}
