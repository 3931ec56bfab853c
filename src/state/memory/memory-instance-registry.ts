import { randomUUID } from 'node:crypto';
import type { Holding, HoldOptions, InstanceRegistry } from '../../core/stores/instance-registry';

interface Held extends Holding {
  expiresAt: number;
}

/**
 * One process is the only instance there is: it lives until it stops, and holds whatever is held.
 * Holdings keep the same rules as a shared registry (expiry, exclusive holds) so code above does
 * not care which it has.
 */
export class MemoryInstanceRegistry implements InstanceRegistry {
  readonly instanceId = randomUUID();
  private readonly held = new Map<string, Held>();
  private stopped = false;
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async start(): Promise<void> {
    this.stopped = false;
  }

  async alive(instanceId: string): Promise<boolean> {
    return instanceId === this.instanceId && !this.stopped;
  }

  /** No other instance can die here; this one is checked once (it may have stopped already). */
  watch(instanceId: string, onGone: () => void): () => void {
    let watching = true;
    void this.alive(instanceId).then((alive) => {
      if (watching && !alive) onGone();
    });
    return () => {
      watching = false;
    };
  }

  async hold(key: string, options: HoldOptions): Promise<{ refusedBy?: string }> {
    this.sweep();
    const current = await this.holderOf(key);
    if (
      options.exclusive &&
      current &&
      current.instanceId !== this.instanceId &&
      (await this.alive(current.instanceId))
    ) {
      return { refusedBy: current.instanceId };
    }
    // A renewed holding lasts until released: nothing else can end it in one process.
    const expiresAt = options.renew ? Number.POSITIVE_INFINITY : this.now() + options.ttlMs;
    this.held.set(key, { instanceId: this.instanceId, detail: options.detail, expiresAt });
    return {};
  }

  async holderOf(key: string): Promise<Holding | undefined> {
    const held = this.held.get(key);
    if (!held) return undefined;
    if (held.expiresAt <= this.now()) {
      this.held.delete(key);
      return undefined;
    }
    return held.detail ? { instanceId: held.instanceId, detail: held.detail } : { instanceId: held.instanceId };
  }

  async release(key: string): Promise<void> {
    if (this.held.get(key)?.instanceId === this.instanceId) this.held.delete(key);
  }

  /** At most once a second, expired holdings go (a busy server records one per resumable stream). */
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + 1000;
    for (const [key, held] of this.held) if (held.expiresAt <= now) this.held.delete(key);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.held.clear();
  }
}
