import {
  applySessionChange,
  type SessionChange,
  type SessionRecord,
  type SessionStore,
} from '../../core/stores/session-store';

interface Entry {
  record: SessionRecord;
  expiresAt: number;
}

/**
 * One process's sessions. A Map keeps them in order of last use, so the expired ones are found at
 * its front without scanning the rest. Records are copied in and out, as a shared store would.
 */
export class MemorySessionStore implements SessionStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(record: SessionRecord): Promise<void> {
    this.sweep();
    this.entries.delete(record.id);
    this.entries.set(record.id, { record: structuredClone(record), expiresAt: this.now() + record.ttlMs });
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    this.sweep();
    const entry = this.touch(id);
    return entry && structuredClone(entry.record);
  }

  async has(id: string): Promise<boolean> {
    this.sweep();
    const entry = this.entries.get(id);
    return entry !== undefined && entry.expiresAt > this.now();
  }

  async update(id: string, change: SessionChange): Promise<boolean> {
    this.sweep();
    const entry = this.touch(id);
    if (!entry) return false;
    applySessionChange(entry.record, structuredClone(change));
    return true;
  }

  async delete(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    return entry !== undefined && entry.expiresAt > this.now();
  }

  /** Sessions kept, expired ones not yet dropped included (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private touch(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    const now = this.now();
    if (entry.expiresAt <= now) return undefined;
    entry.expiresAt = now + entry.record.ttlMs;
    this.entries.set(id, entry);
    return entry;
  }

  /**
   * Drops expired sessions from the front, on every call: when traffic stops, the sessions that
   * expired go at the transport's next sweep rather than wait for a new session. Sessions with
   * longer TTLs may hide shorter ones behind them until read.
   */
  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(id);
    }
  }
}
