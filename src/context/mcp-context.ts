import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonRpcId } from '../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../core/protocol/mcp-error';
import { CONTEXT_PARAMETER } from '../metadata/keys';
import type { Constructor } from '../metadata/types';
import { elicitationSchema, formatViolations, type JsonSchema, validateDto } from '../schema';
import type { AuthInfo, ClientCapabilities, ClientExchange, ClientInfo } from './client-exchange';
import { type LoggingLevel, passes } from './logging-level';

export interface UrlElicitResult {
  action: 'accept' | 'decline' | 'cancel';
  elicitationId: string;
}

export type ElicitResult<T> = { action: 'accept'; content: T } | { action: 'decline' } | { action: 'cancel' };

export interface SamplingMessage {
  role: 'user' | 'assistant';
  content: JsonObject | JsonObject[];
}

export interface SampleRequest {
  messages: SamplingMessage[];
  maxTokens: number;
  systemPrompt?: string;
  temperature?: number;
  stopSequences?: string[];
  modelPreferences?: JsonObject;
  includeContext?: 'none' | 'thisServer' | 'allServers';
  /** Tools the model may call while sampling; needs the client's `sampling.tools` capability. */
  tools?: JsonObject[];
  toolChoice?: JsonObject;
  metadata?: JsonObject;
}

export interface SampleResult {
  role: 'user' | 'assistant';
  content: JsonObject | JsonObject[];
  model: string;
  stopReason?: string;
  [key: string]: unknown;
}

export interface Root {
  uri: string;
  name?: string;
}

declare module '../components/handler' {
  /** Components hand user methods an McpContext (see HandlerContext there). */
  interface HandlerContext extends McpContext {}
}

/**
 * Everything a handler may do besides returning its result. The same calls work in the session
 * era (server-to-client messages) and in the stateless era (multi round-trip requests).
 */
export class McpContext {
  /** Marks the class for the parameter binder, which recognises a parameter typed McpContext by it. */
  static readonly [CONTEXT_PARAMETER] = true;

  constructor(
    private readonly exchange: ClientExchange,
    /** Set only by `withSignal`: the exchange makes its own signal lazily, on first use. */
    private readonly abortSignal?: AbortSignal,
  ) {}

  /** The same request with another signal: the call pipeline's `@Timeout` aborts a call through it. */
  withSignal(signal: AbortSignal): McpContext {
    return new McpContext(this.exchange, signal);
  }

  get requestId(): JsonRpcId {
    return this.exchange.requestId;
  }
  get signal(): AbortSignal {
    return this.abortSignal ?? this.exchange.signal;
  }
  get sessionId(): string | undefined {
    return this.exchange.sessionId;
  }
  get protocolVersion(): string {
    return this.exchange.protocolVersion;
  }
  get clientInfo(): ClientInfo | undefined {
    return this.exchange.clientInfo;
  }
  get clientCapabilities(): ClientCapabilities {
    return this.exchange.clientCapabilities;
  }
  get auth(): AuthInfo | undefined {
    return this.exchange.auth;
  }
  /** The request's progress token, when the client asked for progress. */
  get progressToken(): string | number | undefined {
    return this.exchange.progressToken;
  }
  get era(): 'session' | 'stateless' {
    return this.exchange.era;
  }

  /** Sends a log message to the client if it asked for this level (`logging/setLevel` or `logLevel`). */
  log(level: LoggingLevel, data: unknown, logger?: string): void {
    if (!passes(level, this.exchange.logLevel())) return;
    this.exchange.notify('notifications/message', logger === undefined ? { level, data } : { level, logger, data });
  }
  debug(data: unknown, logger?: string): void {
    this.log('debug', data, logger);
  }
  info(data: unknown, logger?: string): void {
    this.log('info', data, logger);
  }
  warning(data: unknown, logger?: string): void {
    this.log('warning', data, logger);
  }
  error(data: unknown, logger?: string): void {
    this.log('error', data, logger);
  }

  /**
   * Ends this request's SSE stream now, where the transport can resume it (streamable HTTP,
   * 2025-11-25 sessions): the client reconnects with Last-Event-ID and receives the rest, result
   * included. Useful before a long pause, to free connections. Elsewhere it does nothing.
   */
  closeStream(): boolean {
    return this.exchange.closeStream?.() ?? false;
  }

  /** Reports progress; a no-op when the request carried no progress token, as the spec requires. */
  async progress(progress: number, total?: number, message?: string): Promise<void> {
    const token = this.exchange.progressToken;
    if (token === undefined) return;
    const params: JsonObject = { progressToken: token, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    this.exchange.notify('notifications/progress', params);
  }

  /**
   * Asks the user for structured input. The form is derived from the DTO (or given as a schema);
   * an accepted answer is validated against the DTO and returned as its instance.
   */
  async elicit<T extends object>(message: string, form: Constructor<T> | JsonSchema): Promise<ElicitResult<T>> {
    this.require('elicitation', { elicitation: {} }, !!this.clientCapabilities.elicitation);
    const requestedSchema = typeof form === 'function' ? elicitationSchema(form) : form;
    const params: JsonObject = { message, requestedSchema };
    if (this.protocolVersion >= '2025-11-25') params.mode = 'form';
    const answer = await this.exchange.request('elicitation/create', params);
    if (answer.action !== 'accept') return { action: answer.action === 'decline' ? 'decline' : 'cancel' };
    if (typeof form !== 'function') return { action: 'accept', content: (answer.content ?? {}) as T };
    const checked = await validateDto(form, answer.content ?? {});
    if (!checked.ok) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `The elicitation answer does not match ${form.name}:\n${formatViolations(checked.violations)}`,
      );
    }
    return { action: 'accept', content: checked.value };
  }

  /**
   * Sends the user to a URL (sign-in, payment, consent) and returns once they agreed to open it,
   * with the id under which `ElicitationTracker.complete(id)` later tells the client it is done.
   * Only clients that declared URL-mode elicitation are asked.
   */
  async elicitUrl(message: string, url: string): Promise<UrlElicitResult> {
    this.require('URL elicitation', { elicitation: { url: {} } }, !!this.clientCapabilities.elicitation?.url);
    const elicitationId = this.exchange.remember('elicitationId', randomUUID);
    const params: JsonObject = { mode: 'url', message, url };
    if (this.era === 'session') params.elicitationId = elicitationId;
    this.exchange.elicitationIssued?.(elicitationId);
    const answer = await this.exchange.request('elicitation/create', params);
    const action = answer.action === 'accept' ? 'accept' : answer.action === 'decline' ? 'decline' : 'cancel';
    return { action, elicitationId };
  }

  /**
   * The error to throw when a tool cannot go on until the user visits a URL (session era, -32042).
   * The client shows the URL; the tool is called again once `ElicitationTracker.complete(id)` ran.
   */
  urlElicitationRequired(message: string, url: string): McpError {
    const elicitationId = randomUUID();
    this.exchange.elicitationIssued?.(elicitationId);
    return new McpError(ErrorCode.UrlElicitationRequired, 'This request requires more information.', {
      elicitations: [{ mode: 'url', elicitationId, url, message }],
    });
  }

  /** Asks the client's model for a completion. A string is sent as one user message. */
  async sample(request: SampleRequest | string): Promise<SampleResult> {
    const params: SampleRequest =
      typeof request === 'string'
        ? { messages: [{ role: 'user', content: { type: 'text', text: request } }], maxTokens: 1000 }
        : request;
    this.require('sampling', { sampling: {} }, !!this.clientCapabilities.sampling);
    if (params.tools || params.toolChoice) {
      this.require('sampling with tools', { sampling: { tools: {} } }, !!this.clientCapabilities.sampling?.tools);
    }
    return (await this.exchange.request('sampling/createMessage', params as unknown as JsonObject)) as SampleResult;
  }

  /** The filesystem roots the client exposes. */
  async roots(): Promise<Root[]> {
    this.require('roots', { roots: {} }, !!this.clientCapabilities.roots);
    const result = await this.exchange.request('roots/list', {});
    return (result.roots as Root[]) ?? [];
  }

  private require(feature: string, requiredCapabilities: ClientCapabilities, declared: boolean): void {
    const impossible = this.exchange.unableToAsk?.();
    if (impossible) throw new McpError(ErrorCode.InvalidRequest, `Cannot use ${feature}: ${impossible}`);
    if (declared) return;
    const error = new McpError(
      ErrorCode.MissingRequiredClientCapability,
      `The client did not declare the ${feature} capability, so this request cannot ask it for input`,
      { requiredCapabilities },
    );
    // Marked as control flow, tools let it through to the client instead of reporting it to the model.
    if (this.exchange.capabilityFaultsReachClient) Object.defineProperty(error, 'controlFlow', { value: true });
    throw error;
  }
}
