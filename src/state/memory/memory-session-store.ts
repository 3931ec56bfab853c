import { frozenJson } from '../../core/protocol/frozen-json';
import type { JsonObject } from '../../core/protocol/json-rpc';
import {
  applySessionChange,
  type SessionChange,
  type SessionRecord,
  type SessionStore,
} from '../../core/stores/session-store';

/**
 * A session as this store keeps it: one object of a fixed shape. Its JSON parts are frozen
 * (`frozenJson`), so they are shared with every reader instead of copied for each, as are its
 * strings; the lists and flags a change may touch are replaced, never edited in place.
 */
class Kept {
  constructor(
    readonly id: string,
    readonly protocolVersion: string,
    readonly clientInfo: JsonObject | undefined,
    readonly clientCapabilities: JsonObject,
    readonly principal: string | undefined,
    public initialized: boolean,
    public logLevel: string | undefined,
    public subscriptions: readonly string[],
    public elicitations: readonly string[],
    public roots: JsonObject | undefined,
    readonly ttlMs: number,
    public expiresAt: number,
  ) {}

  static of(record: SessionRecord, expiresAt: number): Kept {
    return new Kept(
      record.id,
      record.protocolVersion,
      frozenJson(record.clientInfo),
      frozenJson(record.clientCapabilities),
      record.principal,
      record.initialized,
      record.logLevel,
      frozenJson(record.subscriptions),
      frozenJson(record.elicitations),
      frozenJson(record.roots),
      record.ttlMs,
      expiresAt,
    );
  }

  /** A record of its own for the reader, sharing only what is frozen. */
  record(): SessionRecord {
    const record: SessionRecord = {
      id: this.id,
      protocolVersion: this.protocolVersion,
      clientCapabilities: this.clientCapabilities,
      initialized: this.initialized,
      subscriptions: [...this.subscriptions],
      elicitations: [...this.elicitations],
      ttlMs: this.ttlMs,
    };
    if (this.clientInfo !== undefined) record.clientInfo = this.clientInfo;
    if (this.principal !== undefined) record.principal = this.principal;
    if (this.logLevel !== undefined) record.logLevel = this.logLevel;
    if (this.roots !== undefined) record.roots = structuredClone(this.roots);
    return record;
  }
}

/**
 * One process's sessions. A Map keeps them in order of last use, so the expired ones are found at
 * its front without scanning the rest. Records are copied in and out as a shared store would, but
 * for their client info and capabilities, which nobody changes: those are frozen and shared.
 */
export class MemorySessionStore implements SessionStore {
  private readonly entries = new Map<string, Kept>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(record: SessionRecord): Promise<void> {
    this.sweep();
    this.entries.delete(record.id);
    this.entries.set(record.id, Kept.of(record, this.now() + record.ttlMs));
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    this.sweep();
    return this.touch(id)?.record();
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
    const record = entry.record();
    applySessionChange(record, change);
    entry.initialized = record.initialized;
    entry.logLevel = record.logLevel;
    entry.subscriptions = frozenJson(record.subscriptions);
    entry.elicitations = frozenJson(record.elicitations);
    entry.roots = frozenJson(record.roots);
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

  private touch(id: string): Kept | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    const now = this.now();
    if (entry.expiresAt <= now) return undefined;
    entry.expiresAt = now + entry.ttlMs;
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
