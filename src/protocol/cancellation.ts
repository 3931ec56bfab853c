/**
 * A request's cancellation, with its AbortSignal made only when someone asks for it: most
 * requests finish without a handler ever looking at `ctx.signal`, and an AbortController per
 * request is a measurable share of a small call.
 */
export class Cancellation {
  private controller?: AbortController;
  private reason: unknown;
  private cancelled = false;

  /** Follows an existing signal instead (a task's, which outlives the request). */
  static following(signal: AbortSignal): Cancellation {
    const cancellation = new Cancellation();
    if (signal.aborted) cancellation.abort(signal.reason);
    else signal.addEventListener('abort', () => cancellation.abort(signal.reason), { once: true });
    return cancellation;
  }

  get aborted(): boolean {
    return this.cancelled;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cancelled) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
