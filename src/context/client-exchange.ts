import type { JsonObject, JsonRpcId } from '../core/protocol/json-rpc';
import type { LoggingLevel } from './logging-level';

export interface ClientInfo {
  name: string;
  version: string;
  title?: string;
  [key: string]: unknown;
}

export interface ClientCapabilities {
  roots?: { listChanged?: boolean };
  sampling?: { context?: object; tools?: object };
  elicitation?: { form?: object; url?: object };
  tasks?: object;
  extensions?: Record<string, unknown>;
  experimental?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Who made the request, as verified by the transport's authentication (absent when anonymous). */
export interface AuthInfo {
  /** A stable identifier of the principal: MRTR state and sessions are bound to it. */
  subject: string;
  scopes?: string[];
  /** When the token expires, in seconds since the epoch (a JWT's `exp`); refused from then on. */
  expiresAt?: number;
  token?: string;
  claims?: Record<string, unknown>;
}

/**
 * What a request's handler may ask of the client. The session era sends real JSON-RPC messages;
 * the stateless era turns requests into multi round-trip input requests. User code never sees which.
 */
export interface ClientExchange {
  readonly era: 'session' | 'stateless';
  readonly requestId: JsonRpcId;
  readonly protocolVersion: string;
  readonly clientInfo?: ClientInfo;
  readonly clientCapabilities: ClientCapabilities;
  readonly sessionId?: string;
  readonly auth?: AuthInfo;
  readonly signal: AbortSignal;
  readonly progressToken?: string | number;
  /** The minimum level the client wants to see; undefined sends no log messages at all. */
  logLevel(): LoggingLevel | undefined;
  /** A notification related to this request (progress, log). */
  notify(method: string, params: JsonObject): void;
  /** A client request (elicitation/create, sampling/createMessage, roots/list) and its result. */
  request(method: string, params: JsonObject): Promise<JsonObject>;
  /**
   * A value that stays the same for the whole request, however often its handler is replayed
   * (stateless era: kept in the sealed request state). The first call creates it.
   */
  remember(name: string, create: () => string): string;
  /** Session era: a URL elicitation was sent under this id, so its completion may be announced. */
  elicitationIssued?(elicitationId: string): void;
  /** Why this request cannot ask the client anything at all, if it cannot (a deployment without sessions). */
  unableToAsk?(): string | undefined;
  /**
   * Whether a missing client capability is a protocol fault the client must see as a JSON-RPC
   * error (2026-07-28: -32021) even from inside a tool, rather than a tool failure the model reads.
   */
  readonly capabilityFaultsReachClient?: boolean;
  /** Ends the request's stream early where the transport can resume it; returns whether it did. */
  closeStream?(): boolean;
}
