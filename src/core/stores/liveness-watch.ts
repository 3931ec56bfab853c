/**
 * The instances some stream or request waits on, checked together every `everyMs` (one question
 * to the store for all of them, however many streams wait): each watcher is called once, when its
 * instance is found dead. The timer runs only while something is watched.
 */
export class LivenessWatch {
  private readonly watchers = new Map<string, Set<() => void>>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly everyMs: number,
    /** The ids among `instanceIds` that have a heartbeat now; a failure means "unknown": nobody is declared dead. */
    private readonly living: (instanceIds: string[]) => Promise<Set<string>>,
    private readonly onError: (error: unknown) => void,
  ) {}

  watch(instanceId: string, onGone: () => void): () => void {
    let called = false;
    const once = () => {
      if (called) return;
      called = true;
      onGone();
    };
    const set = this.watchers.get(instanceId) ?? new Set();
    set.add(once);
    this.watchers.set(instanceId, set);
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.everyMs);
      this.timer.unref();
    }
    // At once too: an instance that is already gone needs no wait.
    void this.check([instanceId]);
    return () => this.unwatch(instanceId, once);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.watchers.clear();
  }

  private unwatch(instanceId: string, watcher: () => void): void {
    const set = this.watchers.get(instanceId);
    if (!set) return;
    set.delete(watcher);
    if (set.size === 0) this.watchers.delete(instanceId);
    if (this.watchers.size === 0) this.stop();
  }

  private async check(only?: string[]): Promise<void> {
    if (!only && this.checking) return;
    const ids = only ?? [...this.watchers.keys()];
    if (ids.length === 0) return;
    if (!only) this.checking = true;
    try {
      const living = await this.living(ids);
      for (const id of ids) {
        if (living.has(id)) continue;
        const set = this.watchers.get(id);
        this.watchers.delete(id);
        for (const watcher of set ?? []) watcher();
      }
      if (this.watchers.size === 0) this.stop();
    } catch (error) {
      this.onError(error);
    } finally {
      if (!only) this.checking = false;
    }
  }
}
