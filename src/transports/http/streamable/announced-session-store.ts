import type { Logger } from '../../../core/logging/logger';
import type { MessageBus } from '../../../core/stores/message-bus';
import type { SessionChange, SessionRecord, SessionStore } from '../../../core/stores/session-store';

/**
 * The session store as this endpoint's views use it: once a change is stored it is announced on
 * the bus, so every instance holding a view of the session reads it again before that view serves
 * another request. On a shared bus the announcement is confirmed before the change counts as made:
 * the client hears the answer to its request only after every instance listening heard of it, so
 * its next request, wherever it lands, is served from the changed session.
 */
export class AnnouncedSessionStore implements SessionStore {
  constructor(
    private readonly store: SessionStore,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
  ) {}

  create(record: SessionRecord): Promise<void> {
    return this.store.create(record);
  }

  get(id: string): Promise<SessionRecord | undefined> {
    return this.store.get(id);
  }

  has(id: string): Promise<boolean> {
    return this.store.has(id);
  }

  delete(id: string): Promise<boolean> {
    return this.store.delete(id);
  }

  async update(id: string, change: SessionChange): Promise<boolean> {
    const updated = await this.store.update(id, change);
    if (updated) await this.announce(id);
    return updated;
  }

  /**
   * A lost announcement does not undo the change, which is stored: views that missed it read the
   * session again once their refresh interval passes, or at once if their bus connection dropped.
   */
  private async announce(sessionId: string): Promise<void> {
    const event = { type: 'session_changed', sessionId } as const;
    if (!this.bus.publishConfirmed) return this.bus.publish(event);
    try {
      await this.bus.publishConfirmed(event);
    } catch (error) {
      this.logger.warn(
        'a change to session %s was not announced to other instances: %s',
        sessionId,
        (error as Error).message,
      );
    }
  }
}
