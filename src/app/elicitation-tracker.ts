import type { McpEngine } from '../protocol/engine';

/**
 * Announces that a URL elicitation finished (the user signed in, paid, consented): the session
 * that was sent the URL gets `notifications/elicitation/complete` and can retry what waited.
 * Call it from wherever the outcome arrives, such as an OAuth callback.
 */
export class ElicitationTracker {
  private engine?: McpEngine;
  /** Completions announced before the engine exists, published once it does (as ResourceNotifier). */
  private readonly early = new Set<string>();

  attach(engine: McpEngine): void {
    this.engine = engine;
    for (const elicitationId of this.early) engine.bus.publish({ type: 'elicitation_complete', elicitationId });
    this.early.clear();
  }

  complete(elicitationId: string): void {
    if (this.engine) this.engine.bus.publish({ type: 'elicitation_complete', elicitationId });
    else this.early.add(elicitationId);
  }
}
