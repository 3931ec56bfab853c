import type { CounterStore, WindowCount } from '../../core/stores/counter-store';

/** Fixed-window counters in this process. Expired windows are dropped as the clock passes them. */
export class MemoryCounterStore implements CounterStore {
  private readonly windows = new Map<string, WindowCount>();
  private nextSweep = 0;

  /** `now` is injectable so tests move time instead of waiting for it. */
  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { ...window };
  }

  /** At most once a second, so a busy server does not walk the map on every call. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 1000;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
