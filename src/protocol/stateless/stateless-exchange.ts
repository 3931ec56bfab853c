import type { AuthInfo, ClientExchange } from '../../context/client-exchange';
import type { LoggingLevel } from '../../context/logging-level';
import type { JsonObject, JsonRpcId } from '../../core/protocol/json-rpc';
import { notification } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import type { Cancellation } from '../cancellation';
import type { Outbound } from '../outbound';
import type { Envelope } from './envelope';
import { type InputRequest, InputRequiredSignal } from './input-required';

/**
 * The stateless era's side of McpContext. Notifications go out with the request; a request for
 * client input is answered from the answers gathered in earlier rounds, or else recorded and the
 * handler unwound, so the engine can ask for it with an `input_required` result.
 *
 * Keys are positional (`input-0`, `input-1`, ...): a replayed handler asks the same questions in
 * the same order, so the n-th question of this round is the n-th of the last.
 */
export class StatelessExchange implements ClientExchange {
  readonly era = 'stateless' as const;
  readonly capabilityFaultsReachClient = true;
  readonly missing = new Map<string, InputRequest>();
  private asked = 0;

  constructor(
    private readonly envelope: Envelope,
    private readonly outbound: Outbound,
    private readonly answers: Record<string, JsonObject>,
    /** Values created in earlier rounds (`remember`), carried in the sealed state like the answers. */
    readonly memory: Record<string, string>,
    private readonly interactive: boolean,
    readonly requestId: JsonRpcId,
    private readonly cancellation: Cancellation,
    readonly auth: AuthInfo | undefined,
  ) {}

  get protocolVersion(): string {
    return this.envelope.protocolVersion;
  }
  get clientInfo() {
    return this.envelope.clientInfo;
  }
  get clientCapabilities() {
    return this.envelope.clientCapabilities;
  }
  get progressToken() {
    return this.envelope.progressToken;
  }
  readonly sessionId = undefined;

  get signal(): AbortSignal {
    return this.cancellation.signal;
  }

  logLevel(): LoggingLevel | undefined {
    return this.envelope.logLevel;
  }

  notify(method: string, params: JsonObject): void {
    if (this.cancellation.aborted) return;
    this.outbound.send(notification(method, params));
  }

  remember(name: string, create: () => string): string {
    this.memory[name] ??= create();
    return this.memory[name];
  }

  async request(method: string, params: JsonObject): Promise<JsonObject> {
    if (!this.interactive) {
      throw new McpError(ErrorCode.InvalidRequest, `${method} cannot be asked while answering this method`);
    }
    const key = `input-${this.asked++}`;
    const answer = this.answers[key];
    if (answer !== undefined) return answer;
    this.missing.set(key, { method, params });
    throw new InputRequiredSignal(this.missing);
  }
}
