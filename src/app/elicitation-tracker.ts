import type { McpEngine } from '../protocol/engine';

/**
 * Announces that a URL elicitation finished (the user signed in, paid, consented): the session
 * that was sent the URL gets `notifications/elicitation/complete` and can retry what waited.
 * Call it from wherever the outcome arrives, such as an OAuth callback.
 */
export class ElicitationTracker {
  private engine?: McpEngine;

  attach(engine: McpEngine): void {
    this.engine = engine;
  }

  complete(elicitationId: string): void {
    this.engine?.bus.publish({ type: 'elicitation_complete', elicitationId });
  }
}
