import { randomUUID } from 'node:crypto';
import type { ConnectionOptions } from '../../../protocol/connection';
import type { McpEngine } from '../../../protocol/engine';
import type { EventStore } from '../../../state/event-store';
import { HttpSession } from './http-session';

/** The open sessions of one streamable HTTP endpoint, each closed after `ttlMs` without use. */
export class SessionTable {
  private readonly sessions = new Map<string, HttpSession>();

  constructor(
    private readonly engine: McpEngine,
    private readonly store: EventStore,
    private readonly ttlMs: number,
  ) {}

  create(options: ConnectionOptions = {}): HttpSession {
    const id = randomUUID();
    const session = new HttpSession(id, this.store, this.ttlMs, (expired) =>
      this.end(expired.id, 'the session expired'),
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

  endAll(reason: string): void {
    for (const id of [...this.sessions.keys()]) this.end(id, reason);
  }

  get size(): number {
    return this.sessions.size;
  }
}
