import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../core/stores/event-store';
import type { ConnectionOptions } from '../../../protocol/connection';
import type { McpEngine } from '../../../protocol/engine';
import { HttpSession } from './http-session';

/**
 * The open sessions of one streamable HTTP endpoint, each closed after `ttlMs` without use. One
 * sweep finds the idle ones, rather than a timer per session re-armed on every request.
 */
export class SessionTable {
  private readonly sessions = new Map<string, HttpSession>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly engine: McpEngine,
    private readonly store: EventStore,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    const every = Math.max(10, Math.min(Math.floor(ttlMs / 4), 5000));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, session] of this.sessions) {
      if (session.expired(now, this.ttlMs)) this.end(id, 'the session expired');
    }
  }

  create(options: ConnectionOptions = {}): HttpSession {
    const id = randomUUID();
    const session = new HttpSession(id, this.store, this.clock, (what, error) =>
      this.engine.logger.warn('%s%s', what, error instanceof Error ? `: ${error.message}` : ''),
    );
    session.connection = this.engine.connect(session, { ...options, sessionId: id });
    this.sessions.set(id, session);
    return session;
  }

  get(id: string): HttpSession | undefined {
    return this.sessions.get(id);
  }

  end(id: string, reason: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    session.close(reason);
    return true;
  }

  /**
   * Shutdown: every session's connection ends here, but not the session itself, which a shared
   * store keeps for another instance: its streams are not forgotten, and open ones end with a
   * retry hint so resumable clients reconnect.
   */
  endAll(reason: string, farewell: { retryMs: number }): void {
    clearInterval(this.sweeper);
    for (const [id, session] of [...this.sessions]) {
      this.sessions.delete(id);
      session.close(reason, farewell);
    }
  }

  get size(): number {
    return this.sessions.size;
  }
}
