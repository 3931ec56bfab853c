import type { ClientCapabilities, ClientInfo } from '../../context/client-exchange';
import type { LoggingLevel } from '../../context/logging-level';
import type { JsonObject } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import { type SessionChange, type SessionRecord, type SessionStore } from '../../core/stores/session-store';
import type { SessionFacts } from '../../features/method';

/** Where a session that outlives one process is kept: the store, and how long it lives unused. */
export interface StoredSession {
  store: SessionStore;
  ttlMs: number;
}

/**
 * What the session era remembers between requests: the handshake's outcome and the client's
 * choices. A stored session (streamable HTTP) is a transient view of its `SessionRecord`: every
 * change is written to the store as a `SessionChange` before it counts, so instances sharing the
 * store never overwrite each other, and `adopt` refreshes the view from what the store holds.
 */
export class SessionState implements SessionFacts {
  logLevel?: LoggingLevel;
  /** Made by the first subscription (most sessions never subscribe). */
  private subscribed?: Set<string>;
  /** Made by the first URL elicitation. */
  private elicited?: Set<string>;
  /** The client's roots, once asked; dropped when it says they changed (`notifications/roots/list_changed`). */
  roots?: Promise<JsonObject>;
  initialized = false;
  /**
   * A deployment without sessions (`stateless: true`) serves each request in a session implied by
   * its headers: nothing said before can be remembered, and nothing can be sent later.
   */
  sessionless = false;
  /** Set once the session is saved (`save`): changes go there first. */
  private stored?: StoredSession;

  constructor(
    readonly protocolVersion: string,
    readonly clientCapabilities: ClientCapabilities,
    readonly clientInfo: ClientInfo | undefined,
    readonly id?: string,
  ) {}

  /** The resource URIs the client subscribed to. */
  get subscriptions(): ReadonlySet<string> {
    return this.subscribed ?? NONE;
  }

  /** URL elicitations sent to this session, whose completion it may be told of. */
  get elicitations(): ReadonlySet<string> {
    return this.elicited ?? NONE;
  }

  /** Remembers a URL elicitation here at once (the store learns of it through `update`). */
  elicitationIssued(elicitationId: string): void {
    this.elicited ??= new Set();
    this.elicited.add(elicitationId);
  }

  /** Forgets a URL elicitation that completed; false when it was not one of this session's. */
  elicitationDone(elicitationId: string): boolean {
    return this.elicited?.delete(elicitationId) ?? false;
  }

  /** A view of a session another instance (or an earlier view) saved. */
  static fromRecord(record: SessionRecord, stored: StoredSession): SessionState {
    const session = new SessionState(
      record.protocolVersion,
      record.clientCapabilities as ClientCapabilities,
      record.clientInfo as ClientInfo | undefined,
      record.id,
    );
    session.stored = stored;
    session.adopt(record);
    return session;
  }

  /** Writes the session as a new record, bound to `principal`; from now on changes are stored. */
  async save(stored: StoredSession, principal: string | undefined): Promise<void> {
    if (this.id === undefined) throw new Error('Only a session with an id can be stored');
    const record: SessionRecord = {
      id: this.id,
      protocolVersion: this.protocolVersion,
      clientCapabilities: this.clientCapabilities as JsonObject,
      initialized: this.initialized,
      subscriptions: [...this.subscriptions],
      elicitations: [...this.elicitations],
      ttlMs: stored.ttlMs,
    };
    if (this.clientInfo) record.clientInfo = this.clientInfo as unknown as JsonObject;
    if (principal !== undefined) record.principal = principal;
    if (this.logLevel !== undefined) record.logLevel = this.logLevel;
    await stored.store.create(record);
    this.stored = stored;
  }

  /** Takes the stored fields as they are now (another instance may have changed them). */
  adopt(record: SessionRecord): void {
    this.initialized = record.initialized;
    this.logLevel = record.logLevel as LoggingLevel | undefined;
    this.subscribed = replaceAll(this.subscribed, record.subscriptions);
    this.elicited = replaceAll(this.elicited, record.elicitations);
    if (record.roots) this.roots = Promise.resolve(record.roots);
    else if (this.roots && !this.askingRoots) this.roots = undefined;
  }

  /** The roots question in flight from this view, which a refresh must not forget. */
  private askingRoots = false;

  /** Caches the roots answer the view is waiting for, and stores it once it comes. */
  cacheRoots(roots: Promise<JsonObject>): void {
    this.roots = roots;
    this.askingRoots = true;
    roots.then(
      (answer) => {
        if (this.roots !== roots) return;
        this.askingRoots = false;
        void this.update({ roots: answer }).catch(() => undefined);
      },
      () => {
        if (this.roots !== roots) return;
        this.askingRoots = false;
        this.roots = undefined;
      },
    );
  }

  /**
   * Applies a change here and, for a stored session, in the store first: a change to a session
   * that no longer exists there fails, as the request would have with a 404 a moment later.
   */
  async update(change: SessionChange): Promise<void> {
    if (this.stored && this.id !== undefined && !(await this.stored.store.update(this.id, change))) {
      throw new McpError(ErrorCode.InvalidRequest, 'Invalid request: the session ended or expired');
    }
    if (change.initialized !== undefined) this.initialized = change.initialized;
    if (change.logLevel !== undefined) this.logLevel = change.logLevel as LoggingLevel;
    this.subscribed = edit(this.subscribed, change.subscribe, change.unsubscribe);
    this.elicited = edit(this.elicited, change.addElicitations, change.removeElicitations);
    if (change.roots === null) {
      this.roots = undefined;
      this.askingRoots = false;
    }
  }
}

/** Shared by every session with no subscription or elicitation: never written (its type says so). */
const NONE: ReadonlySet<string> = new Set<string>();

/** The set holding exactly `items`: `set` if it does already, none for no items. */
function replaceAll(set: Set<string> | undefined, items: readonly string[]): Set<string> | undefined {
  if (items.length === 0) return undefined;
  if (set && set.size === items.length && items.every((item) => set.has(item))) return set;
  return new Set(items);
}

/** `set` with `add` added and `remove` removed, made when something is first added. */
function edit(
  set: Set<string> | undefined,
  add: readonly string[] = [],
  remove: readonly string[] = [],
): Set<string> | undefined {
  if (add.length > 0) set ??= new Set();
  for (const item of add) set?.add(item);
  for (const item of remove) set?.delete(item);
  return set;
}
