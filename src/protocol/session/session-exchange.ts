import type { AuthInfo, ClientExchange } from '../../context/client-exchange';
import type { LoggingLevel } from '../../context/logging-level';
import type { JsonObject, JsonRpcId } from '../../core/protocol/json-rpc';
import { notification } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import type { Cancellation } from '../cancellation';
import { canCloseStream, type Outbound } from '../outbound';
import type { ClientRequests } from './client-requests';
import type { SessionState } from './session-state';

/** The session era's side of McpContext: real notifications and real server-to-client requests. */
export class SessionExchange implements ClientExchange {
  readonly era = 'session' as const;

  constructor(
    private readonly session: SessionState,
    private readonly outbound: Outbound,
    private readonly requests: ClientRequests,
    readonly requestId: JsonRpcId,
    private readonly cancellation: Cancellation,
    readonly progressToken: string | number | undefined,
    readonly auth: AuthInfo | undefined,
  ) {}

  get protocolVersion(): string {
    return this.session.protocolVersion;
  }
  get clientInfo() {
    return this.session.clientInfo;
  }
  get clientCapabilities() {
    return this.session.clientCapabilities;
  }
  get sessionId(): string | undefined {
    return this.session.id;
  }

  get signal(): AbortSignal {
    return this.cancellation.signal;
  }

  logLevel(): LoggingLevel | undefined {
    return this.session.logLevel ?? 'info';
  }

  notify(method: string, params: JsonObject): void {
    if (this.cancellation.aborted) return;
    this.outbound.send(notification(method, params));
  }

  unableToAsk(): string | undefined {
    return this.session.sessionless
      ? 'asking the client needs a session to carry its answer, and this server runs without sessions (stateless: true)'
      : undefined;
  }

  request(method: string, params: JsonObject): Promise<JsonObject> {
    const impossible = this.unableToAsk();
    if (impossible)
      return Promise.reject(new McpError(ErrorCode.InvalidRequest, `Cannot send ${method}: ${impossible}`));
    if (method !== 'roots/list' || !this.session.clientCapabilities.roots?.listChanged) {
      return this.requests.send(this.outbound, method, params, this.signal);
    }
    // A client that announces root changes lets the session keep its answer until it does.
    const cached = this.session.roots;
    if (cached !== undefined) return cached;
    const roots = this.requests.send(this.outbound, method, params, this.signal);
    this.session.cacheRoots(roots);
    return roots;
  }

  /** Made on first use: few requests remember anything. */
  private remembered?: Map<string, string>;

  remember(name: string, create: () => string): string {
    const known = this.remembered?.get(name);
    if (known !== undefined) return known;
    const value = create();
    this.remembered ??= new Map();
    this.remembered.set(name, value);
    return value;
  }

  closeStream(): boolean {
    if (!canCloseStream(this.outbound)) return false;
    this.outbound.closeStream();
    return true;
  }

  elicitationIssued(elicitationId: string): void {
    // Known here at once; the store learns it in the background (the client has not seen the id yet).
    this.session.elicitationIssued(elicitationId);
    void this.session.update({ addElicitations: [elicitationId] }).catch(() => undefined);
  }
}
