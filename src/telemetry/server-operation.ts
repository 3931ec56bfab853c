import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { Outcome, RequestOperation } from './request-operation';
import { ATTR, CANCELLED, TOOL_ERROR } from './semconv';
import type { RequestTransport } from './telemetry-options';
import { parentOf } from './trace-context';

/** What the seam knows of a request when it arrives. */
export interface OperationFacts {
  method: string;
  id: string | number;
  params: Readonly<Record<string, unknown>>;
  sessionId?: string;
  protocolVersion?: string;
  /** The request's `_meta` when the front door found trace context in it (`traceparent`, `baggage`). */
  traceCarrier?: Readonly<Record<string, unknown>>;
  transport?: RequestTransport;
}

export type { Outcome };

export interface Instruments {
  tracer: Tracer;
  recordDuration(seconds: number, attributes: Attributes): void;
  activeRequests(delta: number, attributes: Attributes): void;
}

/**
 * The server side of one MCP request: its SERVER span (named `{mcp.method.name} {target}`, with
 * the conventions' attributes) and its duration, recorded on the histogram when it ends.
 */
export class ServerOperation implements RequestOperation {
  /** The context the request runs in: its span is the active one, for the user's own spans and for client requests. */
  private readonly context?: Context;
  readonly span: Span;
  /** The tool or prompt name, or the resource URI, when the request names one. */
  readonly target?: string;
  private readonly started = performance.now();
  private readonly metricAttributes: Attributes;
  private readonly methodOnly: Attributes;

  constructor(
    private readonly instruments: Instruments,
    facts: OperationFacts,
  ) {
    const { method, params, transport } = facts;
    const attributes: Attributes = { [ATTR.methodName]: method, [ATTR.requestId]: String(facts.id) };
    const metricAttributes: Attributes = { [ATTR.methodName]: method };
    let target: string | undefined;
    const name = typeof params.name === 'string' ? params.name : undefined;
    if (method === 'tools/call' && name) {
      target = name;
      attributes[ATTR.toolName] = metricAttributes[ATTR.toolName] = name;
      attributes[ATTR.operationName] = metricAttributes[ATTR.operationName] = 'execute_tool';
    } else if (method === 'prompts/get' && name) {
      target = name;
      attributes[ATTR.promptName] = metricAttributes[ATTR.promptName] = name;
    } else if (typeof params.uri === 'string' && method.startsWith('resources/')) {
      attributes[ATTR.resourceUri] = params.uri;
      this.target = params.uri;
    }
    this.target ??= target;
    if (facts.sessionId) attributes[ATTR.sessionId] = facts.sessionId;
    if (facts.protocolVersion)
      attributes[ATTR.protocolVersion] = metricAttributes[ATTR.protocolVersion] = facts.protocolVersion;
    if (transport) {
      attributes[ATTR.networkTransport] = metricAttributes[ATTR.networkTransport] = transport.network;
      if (transport.httpVersion) {
        attributes[ATTR.networkProtocolName] = metricAttributes[ATTR.networkProtocolName] = 'http';
        attributes[ATTR.networkProtocolVersion] = metricAttributes[ATTR.networkProtocolVersion] = transport.httpVersion;
      }
      if (transport.clientAddress) attributes[ATTR.clientAddress] = transport.clientAddress;
      if (transport.clientPort !== undefined) attributes[ATTR.clientPort] = transport.clientPort;
    }
    const { parent, link } = parentOf(facts.traceCarrier, transport?.headers);
    this.span = instruments.tracer.startSpan(
      target ? `${method} ${target}` : method,
      { kind: SpanKind.SERVER, attributes, links: link ? [{ context: link }] : undefined },
      parent,
    );
    // A span that neither records nor carries a trace (no SDK, no incoming context) adds nothing to
    // the context: the request then runs without a new one, which is most of what no SDK costs.
    const inert = !this.span.isRecording() && !isSpanContextValid(this.span.spanContext());
    this.context = inert ? undefined : trace.setSpan(parent, this.span);
    this.metricAttributes = metricAttributes;
    this.methodOnly = { [ATTR.methodName]: method };
    instruments.activeRequests(1, this.methodOnly);
  }

  /** Runs `work` with this request's span active, so spans made inside are its children. */
  run<T>(work: () => T): T {
    return this.context ? context.with(this.context, work) : work();
  }

  /**
   * The trace id, for the request's log record: the span's, or without an SDK the one the client
   * sent (a non-recording span keeps its parent's context); undefined when there is none.
   */
  get traceId(): string | undefined {
    const spanContext = this.span.spanContext();
    return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
  }

  /** Ends the span and records the duration; returns the duration in seconds. */
  end(outcome: Outcome, protocolVersion?: string): number {
    const seconds = (performance.now() - this.started) / 1000;
    const attributes = this.metricAttributes;
    if (protocolVersion && attributes[ATTR.protocolVersion] === undefined) {
      attributes[ATTR.protocolVersion] = protocolVersion;
      this.span.setAttribute(ATTR.protocolVersion, protocolVersion);
    }
    const errorType = errorTypeOf(outcome);
    if (errorType !== undefined) {
      attributes[ATTR.errorType] = errorType;
      this.span.setAttribute(ATTR.errorType, errorType);
      if (outcome.kind === 'error') {
        attributes[ATTR.responseStatusCode] = errorType;
        this.span.setAttribute(ATTR.responseStatusCode, errorType);
        this.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.message });
      } else {
        this.span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    this.span.end();
    this.instruments.recordDuration(seconds, attributes);
    this.instruments.activeRequests(-1, this.methodOnly);
    return seconds;
  }
}

function errorTypeOf(outcome: Outcome): string | undefined {
  switch (outcome.kind) {
    case 'ok':
      return undefined;
    case 'tool_error':
      return TOOL_ERROR;
    case 'cancelled':
      return CANCELLED;
    case 'error':
      return String(outcome.code);
  }
}
