import type { ClientCapabilities, ClientInfo } from '../../context/client-exchange';
import type { LoggingLevel } from '../../context/logging-level';
import type { JsonObject } from '../../core/protocol/json-rpc';
import type { SessionFacts } from '../../features/method';

/** What the session era remembers between requests: the handshake's outcome and the client's choices. */
export class SessionState implements SessionFacts {
  logLevel?: LoggingLevel;
  readonly subscriptions = new Set<string>();
  /** URL elicitations sent to this session, whose completion it may be told of. */
  readonly elicitations = new Set<string>();
  /** The client's roots, once asked; dropped when it says they changed (`notifications/roots/list_changed`). */
  roots?: Promise<JsonObject>;
  initialized = false;
  /**
   * A deployment without sessions (`stateless: true`) serves each request in a session implied by
   * its headers: nothing said before can be remembered, and nothing can be sent later.
   */
  sessionless = false;

  constructor(
    readonly protocolVersion: string,
    readonly clientCapabilities: ClientCapabilities,
    readonly clientInfo: ClientInfo | undefined,
    readonly id?: string,
  ) {}
}
