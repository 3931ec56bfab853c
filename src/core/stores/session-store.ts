import type { JsonObject } from '../protocol/json-rpc';

/**
 * What the session era remembers about one client between its requests, as plain JSON so that
 * any instance can read it: a per-instance `Connection` is only a transient view of this record.
 */
export interface SessionRecord {
  id: string;
  /** The protocol version `initialize` negotiated. */
  protocolVersion: string;
  clientInfo?: JsonObject;
  clientCapabilities: JsonObject;
  /** The subject of the principal that opened the session; nobody else may use it. */
  principal?: string;
  /** Whether the client sent `notifications/initialized`. */
  initialized: boolean;
  /** The threshold of `logging/setLevel`; absent until the client sets one. */
  logLevel?: string;
  /** The resource URIs the client subscribed to. */
  subscriptions: string[];
  /** URL elicitations sent to the session, whose completion it may still be told of. */
  elicitations: string[];
  /** The client's last `roots/list` answer; dropped when it says its roots changed. */
  roots?: JsonObject;
  /** How long the session lives without use; every read or change starts this period again. */
  ttlMs: number;
}

/** One change to a stored session: only the fields named are touched, so instances never overwrite each other. */
export interface SessionChange {
  initialized?: boolean;
  logLevel?: string;
  /** `null` drops the cached roots. */
  roots?: JsonObject | null;
  subscribe?: string[];
  unsubscribe?: string[];
  addElicitations?: string[];
  removeElicitations?: string[];
}

/**
 * Where sessions live. Every read and change slides the session's TTL; a session unused for its
 * TTL is gone. Deleting a session ends it for every instance that shares the store.
 */
export interface SessionStore {
  create(record: SessionRecord): Promise<void>;
  /** The session, its TTL started again; undefined once it expired or was deleted. */
  get(id: string): Promise<SessionRecord | undefined>;
  /**
   * Whether the session still exists, without starting its TTL again: an instance whose view of
   * a session went idle asks this to tell "used elsewhere" from "over".
   */
  has(id: string): Promise<boolean>;
  /** Applies `change`; false (and nothing is stored) when the session no longer exists. */
  update(id: string, change: SessionChange): Promise<boolean>;
  /** Whether there was such a session. */
  delete(id: string): Promise<boolean>;
}

/** Applies a change to a record in place (the memory store, and views that keep a copy). */
export function applySessionChange(record: SessionRecord, change: SessionChange): void {
  if (change.initialized !== undefined) record.initialized = change.initialized;
  if (change.logLevel !== undefined) record.logLevel = change.logLevel;
  if (change.roots === null) delete record.roots;
  else if (change.roots !== undefined) record.roots = change.roots;
  record.subscriptions = edit(record.subscriptions, change.subscribe, change.unsubscribe);
  record.elicitations = edit(record.elicitations, change.addElicitations, change.removeElicitations);
}

function edit(items: string[], add: string[] = [], remove: string[] = []): string[] {
  if (add.length === 0 && remove.length === 0) return items;
  const set = new Set(items);
  for (const item of add) set.add(item);
  for (const item of remove) set.delete(item);
  return [...set];
}
