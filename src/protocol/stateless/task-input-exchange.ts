import type { AuthInfo, ClientCapabilities, ClientExchange, ClientInfo } from '../../context/client-exchange';
import type { LoggingLevel } from '../../context/logging-level';
import type { JsonObject } from '../../core/protocol/json-rpc';

/** What a task's notifications need from the request that created it. */
export interface TaskRelay {
  logLevel: LoggingLevel | undefined;
  progressToken: string | number | undefined;
  notify(method: string, params: JsonObject): void;
}

/**
 * The exchange of a 2026-07-28 task running in the background: a question for the client is put
 * on the task (input_required, shown by tasks/get) and answered by tasks/update. The task runs
 * once, in this process, so unlike a multi round-trip request it is not replayed.
 */
export class TaskInputExchange implements ClientExchange {
  readonly era = 'stateless' as const;
  readonly capabilityFaultsReachClient = true;
  readonly sessionId = undefined;
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
    /** Where the task's progress and log messages go, with the creating request's level and token. */
    private readonly relay: TaskRelay,
  ) {}

  get progressToken(): string | number | undefined {
    return this.relay.progressToken;
  }

  logLevel(): LoggingLevel | undefined {
    return this.relay.logLevel;
  }

  notify(method: string, params: JsonObject): void {
    if (this.signal.aborted) return;
    this.relay.notify(method, params);
  }

  request(method: string, params: JsonObject): Promise<JsonObject> {
    return this.ask(`input-${this.asked++}`, { method, params });
  }

  remember(name: string, create: () => string): string {
    const value = this.remembered.get(name) ?? create();
    this.remembered.set(name, value);
    return value;
  }
}
