import type { AuthInfo, ClientCapabilities, ClientExchange, ClientInfo } from '../../context/client-exchange';
import type { LoggingLevel } from '../../context/logging-level';
import type { JsonObject } from '../../core/protocol/json-rpc';

/**
 * The exchange of a 2026-07-28 task running in the background: a question for the client is put
 * on the task (input_required, shown by tasks/get) and answered by tasks/update. The task runs
 * once, in this process, so unlike a multi round-trip request it is not replayed.
 */
export class TaskInputExchange implements ClientExchange {
  readonly era = 'stateless' as const;
  readonly capabilityFaultsReachClient = true;
  readonly sessionId = undefined;
  readonly progressToken = undefined;
  private asked = 0;
  private readonly remembered = new Map<string, string>();

  constructor(
    readonly requestId: string,
    readonly protocolVersion: string,
    readonly clientCapabilities: ClientCapabilities,
    readonly clientInfo: ClientInfo | undefined,
    readonly auth: AuthInfo | undefined,
    readonly signal: AbortSignal,
    private readonly ask: (key: string, request: { method: string; params: JsonObject }) => Promise<JsonObject>,
  ) {}

  /** A task's log messages have no stream to travel on once its creating request was answered. */
  logLevel(): LoggingLevel | undefined {
    return undefined;
  }

  notify(): void {}

  request(method: string, params: JsonObject): Promise<JsonObject> {
    return this.ask(`input-${this.asked++}`, { method, params });
  }

  remember(name: string, create: () => string): string {
    const value = this.remembered.get(name) ?? create();
    this.remembered.set(name, value);
    return value;
  }
}
