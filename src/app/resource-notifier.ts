import type { McpEngine } from '../protocol/engine';

/**
 * Tells subscribed clients that a resource changed. Inject it into a server or service and call
 * `updated(uri)`; it knows nothing of eras or transports.
 */
export class ResourceNotifier {
  private engine?: McpEngine;

  /** Called once by the application when the engine exists. */
  attach(engine: McpEngine): void {
    this.engine = engine;
  }

  updated(uri: string): void {
    this.engine?.resourceUpdated(uri);
  }
}
