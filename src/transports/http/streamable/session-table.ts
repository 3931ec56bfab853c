import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../core/stores/event-store';
import type { BusEvent } from '../../../core/stores/message-bus';
import type { ConnectionOptions } from '../../../protocol/connection';
import type { McpEngine } from '../../../protocol/engine';
import { SessionState, type StoredSession } from '../../../protocol/session/session-state';
import type { FollowedStream } from './followed-stream';
import { HttpSession } from './http-session';

/**
 * This instance's views of the sessions of one streamable HTTP endpoint. The sessions themselves
 * live in the engine's session store, so any instance sharing it serves any of them: a request
 * naming a session this instance has no view of loads it from the store. What one view cannot do
 * itself travels on the bus to the instance that can (see `onBusEvent`).
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
  private sweeping = false;

  constructor(
    private readonly engine: McpEngine,
    private readonly store: EventStore,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.stored = { store: engine.sessions, ttlMs };
    const every = Math.max(10, Math.min(Math.floor(ttlMs / 4), 5000));
    this.sweeper = setInterval(() => void this.sweep(), every);
    this.sweeper.unref();
    this.unsubscribe = engine.bus.subscribe((event) => this.onBusEvent(event));
  }

  /** A new session (its `initialize` stores it); `auth` is the principal that opens it. */
  create(options: ConnectionOptions = {}): HttpSession {
    return this.add(randomUUID(), options);
  }

  /**
   * The view of a stored session for a request by `principal`, its TTL started again; undefined
   * when the session ended, expired, or belongs to someone else (to whom it does not exist).
   */
  async open(id: string, principal: string | undefined): Promise<HttpSession | undefined> {
    const record = await this.stored.store.get(id);
    if (!record) {
      // Ended elsewhere (its bus event lost) or expired: the view goes too.
      this.drop(id, 'the session ended or expired');
      return undefined;
    }
    if (record.principal !== principal) return undefined;
    const known = this.sessions.get(id);
    if (known) {
      known.connection.session?.adopt(record);
      return known;
    }
    return this.add(id, { view: SessionState.fromRecord(record, this.stored) });
  }

  /** Whether this instance has a view of the session (tests and metrics). */
  holds(id: string): boolean {
    return this.sessions.has(id);
  }

  /** The client ended the session: it ends in the store and on every instance. */
  async end(id: string, reason: string): Promise<void> {
    await this.stored.store.delete(id);
    this.drop(id, reason);
    this.engine.bus.publish({ type: 'session_ended', sessionId: id, reason });
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

  private add(id: string, options: ConnectionOptions): HttpSession {
    const session = new HttpSession(
      id,
      this.store,
      this.clock,
      (what, error) => this.engine.logger.warn('%s%s', what, error instanceof Error ? `: ${error.message}` : ''),
      (message) => this.engine.bus.publish({ type: 'session_message', sessionId: id, message }),
      {
        event: (streamId, eventId, message) =>
          this.engine.bus.publish({ type: 'stream_event', streamId, eventId, message }),
        end: (streamId) => this.engine.bus.publish({ type: 'stream_end', streamId }),
      },
    );
    session.connection = this.engine.connect(session, { ...options, sessionId: id, stored: this.stored });
    this.sessions.set(id, session);
    return session;
  }

  /**
   * Ends this instance's view of a session that is over: its tasks and the streams it logged go
   * (nobody can resume them). `released` only lets go of the view: the session lives on elsewhere.
   */
  private drop(id: string, reason: string, how: 'ended' | 'released' = 'ended'): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    session.close(reason, how);
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
          const over = !(await this.stillStored(id, false));
          if (this.sessions.get(id) === session && session.expired(this.clock(), this.ttlMs)) {
            this.drop(id, over ? 'the session expired' : 'the view went idle', over ? 'ended' : 'released');
          }
        } else if (session.inUse && !(await this.stillStored(id, true))) {
          this.drop(id, 'the session ended or expired');
        }
      }
    } finally {
      this.sweeping = false;
    }
  }

  /** Whether the store still has the session; `touch` starts its TTL again (a view in use keeps it alive). */
  private async stillStored(id: string, touch: boolean): Promise<boolean> {
    try {
      return touch ? (await this.stored.store.get(id)) !== undefined : await this.stored.store.has(id);
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
   * session as it is now (the subscription or elicitation may have been made on another instance).
   */
  private async announce(session: HttpSession, event: BusEvent): Promise<void> {
    const view = session.connection.session;
    if (!view) return;
    if (event.type !== 'list_changed' || !view.initialized) {
      try {
        const record = await this.stored.store.get(session.id);
        if (!record) return this.drop(session.id, 'the session ended or expired');
        view.adopt(record);
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
