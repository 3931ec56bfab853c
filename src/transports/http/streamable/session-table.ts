import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../core/stores/event-store';
import type { BusEvent } from '../../../core/stores/message-bus';
import type { SessionRecord } from '../../../core/stores/session-store';
import type { ConnectionOptions } from '../../../protocol/connection';
import type { McpEngine } from '../../../protocol/engine';
import { SessionState, type StoredSession } from '../../../protocol/session/session-state';
import { AnnouncedSessionStore } from './announced-session-store';
import type { FollowedStream } from './followed-stream';
import { HttpSession, type ViewLinks } from './http-session';
import { defaultRefreshMs, ViewFreshness } from './view-freshness';

/**
 * This instance's views of the sessions of one streamable HTTP endpoint. The sessions themselves
 * live in the engine's session store, so any instance sharing it serves any of them: a request
 * naming a session this instance has no view of loads it from the store. What one view cannot do
 * itself travels on the bus to the instance that can (see `onBusEvent`).
 *
 * A view serves requests without reading the store while it is fresh (`ViewFreshness`): every
 * change to a session is announced on the bus (`AnnouncedSessionStore`) and its end too, so views
 * on every instance read it again, or go, at once; a view reads the store at least once per refresh
 * interval anyway (sliding the session's TTL, and noticing a session gone without a word), and at
 * once after the bus may have missed something.
 *
 * One sweep finds the idle views, rather than a timer per session re-armed on every request: a
 * view idle for the TTL goes, and its session ends if the store no longer has it. The sweep also
 * keeps the stored sessions of views in use (running work, an open stream) from expiring.
 */
export class SessionTable {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly stored: StoredSession;
  private readonly unsubscribe: () => void;
  /** Resumed streams this instance carries for requests running on other instances, by stream id. */
  private readonly followers = new Map<string, Set<FollowedStream>>();
  /** When each view (or a view being loaded) must read its session again. */
  private readonly freshness = new Map<string, ViewFreshness>();
  /** What every view here shares (one object for all of them, not closures per view). */
  private readonly links: ViewLinks;
  private sweeping = false;

  constructor(
    private readonly engine: McpEngine,
    private readonly store: EventStore,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
    /** How long a view serves without reading its session (sliding its TTL); 0 reads it for every request. */
    private readonly refreshMs: number = defaultRefreshMs(ttlMs),
  ) {
    this.stored = { store: new AnnouncedSessionStore(engine.sessions, engine.bus, engine.logger), ttlMs };
    const { bus, logger } = engine;
    this.links = {
      store,
      clock,
      onFault: (what, error) => logger.warn('%s%s', what, error instanceof Error ? `: ${error.message}` : ''),
      elsewhere: (sessionId, message) => bus.publish({ type: 'session_message', sessionId, message }),
      relay: {
        event: (streamId, eventId, message) => bus.publish({ type: 'stream_event', streamId, eventId, message }),
        end: (streamId) => bus.publish({ type: 'stream_end', streamId }),
      },
    };
    const every = Math.max(10, Math.min(Math.floor(ttlMs / 4), 5000));
    this.sweeper = setInterval(() => void this.sweep(), every);
    this.sweeper.unref();
    this.unsubscribe = engine.bus.subscribe((event) => this.onBusEvent(event));
  }

  /** A new session (its `initialize` stores it); `auth` is the principal that opens it. */
  create(options: Pick<ConnectionOptions, 'auth'> = {}): HttpSession {
    return this.add(randomUUID(), options.auth);
  }

  /**
   * The view of a stored session for a request by `principal`, as fresh as `ViewFreshness` asks
   * (read again, and its TTL slid, when it is due); undefined when the session ended, expired, or
   * belongs to someone else (to whom it does not exist).
   */
  async open(id: string, principal: string | undefined): Promise<HttpSession | undefined> {
    return this.openNow(id, principal);
  }

  /** `open`, answered at once (no promise) when the view is fresh: the common case of a busy session. */
  openNow(id: string, principal: string | undefined): HttpSession | undefined | Promise<HttpSession | undefined> {
    const known = this.sessions.get(id);
    const fresh = known?.connection.session && this.current(id);
    if (known && fresh) return fresh.principal === principal ? known : undefined;
    return this.read(id, principal);
  }

  private async read(id: string, principal: string | undefined): Promise<HttpSession | undefined> {
    const record = await this.reload(id);
    if (!record || record.principal !== principal) {
      if (!this.sessions.has(id)) this.freshness.delete(id);
      return undefined;
    }
    return this.sessions.get(id) ?? this.add(id, undefined, SessionState.fromRecord(record, this.stored));
  }

  /** Whether this instance has a view of the session (tests and metrics). */
  holds(id: string): boolean {
    return this.sessions.has(id);
  }

  /** The client ended the session: it ends in the store and on every instance. */
  async end(id: string, reason: string): Promise<void> {
    await this.stored.store.delete(id);
    this.drop(id, reason);
    await this.endedEverywhere(id, reason);
  }

  /** Drops a view whose `initialize` failed: nothing was stored. */
  discard(id: string): void {
    this.drop(id, 'initialize failed');
  }

  /**
   * Shutdown: every view ends here, but not the session itself, which the store keeps for another
   * instance: its streams are not forgotten, and open ones end with a retry hint so resumable
   * clients reconnect.
   */
  endAll(reason: string, farewell: { retryMs: number }): void {
    clearInterval(this.sweeper);
    this.unsubscribe();
    for (const [id, session] of [...this.sessions]) {
      this.sessions.delete(id);
      session.close(reason, { farewell });
    }
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Hands `follower` the live events of a stream another instance carries on, until it unfollows. */
  follow(streamId: string, follower: FollowedStream): void {
    const set = this.followers.get(streamId) ?? new Set();
    set.add(follower);
    this.followers.set(streamId, set);
    follower.unfollow = () => {
      set.delete(follower);
      if (set.size === 0 && this.followers.get(streamId) === set) this.followers.delete(streamId);
    };
  }

  private add(id: string, auth: ConnectionOptions['auth'], view?: SessionState): HttpSession {
    const session = new HttpSession(id, this.links);
    // One plain object of a fixed shape: the connection keeps it as long as the view lives.
    session.connection = this.engine.connect(session, {
      auth,
      sessionId: id,
      stored: this.stored,
      view,
    });
    this.sessions.set(id, session);
    return session;
  }

  /**
   * Ends this instance's view of a session that is over: its tasks and the streams it logged go
   * (nobody can resume them). `released` only lets go of the view: the session lives on elsewhere.
   */
  private drop(id: string, reason: string, how: 'ended' | 'released' = 'ended'): void {
    this.freshness.delete(id);
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    session.close(reason, how);
  }

  /**
   * Reads the session from the store (sliding its TTL) into its view here, if any; reads already
   * under way are shared. A session the store no longer has ends here and, as an instance that has
   * not heard might still hold a view, everywhere.
   */
  private async reload(id: string): Promise<SessionRecord | undefined> {
    let freshness = this.freshness.get(id);
    if (!freshness) {
      freshness = new ViewFreshness();
      this.freshness.set(id, freshness);
    }
    let record: SessionRecord | undefined;
    try {
      record = await freshness.read(() => this.stored.store.get(id), this.clock(), this.hearing());
    } finally {
      if (!record && !this.sessions.has(id) && this.freshness.get(id) === freshness) this.freshness.delete(id);
    }
    if (record) {
      this.sessions.get(id)?.connection.session?.adopt(record);
      return record;
    }
    if (this.sessions.has(id)) {
      this.drop(id, 'the session ended or expired');
      void this.endedEverywhere(id, 'the session ended or expired');
    }
    return undefined;
  }

  /**
   * Tells every instance to drop its view; on a shared bus, once Redis took the message, so that
   * the client's next request, wherever it lands, finds none. If it is lost, views that missed it
   * find the session gone at their next read.
   */
  private async endedEverywhere(sessionId: string, reason: string): Promise<void> {
    const event = { type: 'session_ended', sessionId, reason } as const;
    if (!this.engine.bus.publishConfirmed) return this.engine.bus.publish(event);
    await this.engine.bus.publishConfirmed(event).catch((error: Error) => {
      this.engine.logger.warn('could not tell the other instances that session %s ended: %s', sessionId, error.message);
    });
  }

  /** What the view's last read said, if it may serve without reading its session first. */
  private current(id: string): { principal?: string } | undefined {
    return this.freshness.get(id)?.current(this.clock(), this.hearing(), this.refreshMs);
  }

  /** The bus's current stretch of unbroken listening (a bus that cannot miss an event has one). */
  private hearing(): number | undefined {
    return this.engine.bus.hearing ? this.engine.bus.hearing() : 0;
  }

  /**
   * Idle views go; views in use keep their stored session alive (reading it slides its TTL), and
   * go when it is gone (ended on an instance whose bus event did not arrive, or lost by the store).
   */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = this.clock();
      for (const [id, session] of [...this.sessions]) {
        if (session.expired(now, this.ttlMs)) {
          // Idle here, but perhaps in use on another instance: only a session gone from the store is over.
          const over = !(await this.stillStored(id));
          if (this.sessions.get(id) === session && session.expired(this.clock(), this.ttlMs)) {
            this.drop(id, over ? 'the session expired' : 'the view went idle', over ? 'ended' : 'released');
          }
        } else if (session.inUse && !this.current(id)) {
          // Read as a request would: it slides the TTL, and a session found gone ends here.
          await this.reload(id).catch(() => undefined);
        }
      }
    } finally {
      this.sweeping = false;
    }
  }

  /** Whether the store still has the session, without sliding its TTL. */
  private async stillStored(id: string): Promise<boolean> {
    try {
      return await this.stored.store.has(id);
    } catch {
      return true; // The store is out of reach: nothing is ended on a guess.
    }
  }

  /** What other instances (and this one) tell the views held here. */
  private onBusEvent(event: BusEvent): void {
    switch (event.type) {
      case 'session_ended':
        this.drop(event.sessionId, event.reason);
        return;
      case 'session_changed':
        this.freshness.get(event.sessionId)?.changed();
        return;
      case 'client_response':
        this.sessions.get(event.sessionId)?.connection.clientRequests.settle(event.response);
        return;
      case 'request_cancelled':
        this.sessions.get(event.sessionId)?.connection.cancel(event.requestId, event.reason);
        return;
      case 'session_message':
        this.sessions.get(event.sessionId)?.deliverHere(event.message);
        return;
      case 'stream_event':
        for (const follower of [...(this.followers.get(event.streamId) ?? [])])
          follower.event(event.eventId, event.message);
        return;
      case 'stream_end':
        for (const follower of [...(this.followers.get(event.streamId) ?? [])]) follower.end();
        return;
      case 'list_changed':
      case 'resource_updated':
      case 'elicitation_complete':
        for (const session of this.sessions.values()) if (session.listensHere) void this.announce(session, event);
        return;
      default:
    }
  }

  /**
   * A change every instance hears is told by the one holding the client's stream, from the stored
   * session as it is now (the subscription or elicitation may have been made on another instance,
   * whose announcement made this view due).
   */
  private async announce(session: HttpSession, event: BusEvent): Promise<void> {
    if (!session.connection.session) return;
    if (!this.current(session.id)) {
      try {
        if (!(await this.reload(session.id))) return;
      } catch (error) {
        this.engine.logger.warn(
          'could not tell session %s of %s: %s',
          session.id,
          event.type,
          (error as Error).message,
        );
        return;
      }
    }
    session.connection.announce(event);
  }
}
