/** The count of one key in its current window, and when that window ends (epoch milliseconds). */
export interface WindowCount {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counters (`@RateLimit`). In memory by default; a shared implementation makes a
 * quota hold across every instance behind a load balancer.
 */
export interface CounterStore {
  /** Adds one to `key` in the current window of `windowMs` and returns the new count. */
  increment(key: string, windowMs: number): Promise<WindowCount>;
}
