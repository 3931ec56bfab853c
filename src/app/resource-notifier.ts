import type { McpEngine } from '../protocol/engine';

/**
 * Tells subscribed clients that a resource changed. Inject it into a server or service and call
 * `updated(uri)`; it knows nothing of eras or transports.
 */
export class ResourceNotifier {
  private engine?: McpEngine;
  /**
   * Updates announced before the engine exists (from the server's constructor): they are published
   * once it does, where a shared bus carries them to the sessions of other instances.
   */
  private readonly early = new Set<string>();

  /** Called once by the application when the engine exists. */
  attach(engine: McpEngine): void {
    this.engine = engine;
    for (const uri of this.early) engine.resourceUpdated(uri);
    this.early.clear();
  }

  updated(uri: string): void {
    if (this.engine) this.engine.resourceUpdated(uri);
    else this.early.add(uri);
  }
}
