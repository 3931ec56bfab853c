import {
  type Attributes,
  context,
  type Histogram,
  metrics,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
  type UpDownCounter,
} from '@opentelemetry/api';
import type { ClientOperation } from './request-operation';
import { ATTR, DURATION_BUCKETS, METRIC, SCOPE } from './semconv';
import { type Instruments, type OperationFacts, ServerOperation } from './server-operation';
import type { TelemetryOptions } from './telemetry-options';
import { metaEntriesOf } from './trace-context';

/**
 * The server's OpenTelemetry instruments, one set per application: a SERVER span and a duration
 * point per request, CLIENT spans for the requests the server sends, and gauges of what is open.
 * Made by McpTelemetry once OpenTelemetry is in use.
 */
export class OtelTelemetry implements Instruments {
  readonly tracer: Tracer;
  private readonly duration: Histogram;
  private readonly sessionDuration: Histogram;
  private readonly requests: UpDownCounter;
  private readonly sessions: UpDownCounter;
  private readonly streams: UpDownCounter;

  constructor(options: TelemetryOptions) {
    this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
    const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
    const advice = { explicitBucketBoundaries: DURATION_BUCKETS };
    this.duration = meter.createHistogram(METRIC.operationDuration, {
      unit: 's',
      description: 'MCP request duration as observed on the server, from its arrival until its answer.',
      advice,
    });
    this.sessionDuration = meter.createHistogram(METRIC.sessionDuration, {
      unit: 's',
      description: 'The duration of an MCP session as observed on the server.',
      advice,
    });
    this.requests = meter.createUpDownCounter(METRIC.activeRequests, {
      unit: '{request}',
      description: 'MCP requests being handled.',
    });
    this.sessions = meter.createUpDownCounter(METRIC.activeSessions, {
      unit: '{session}',
      description: 'Session-era MCP sessions this instance opened and still holds.',
    });
    this.streams = meter.createUpDownCounter(METRIC.activeStreams, {
      unit: '{stream}',
      description: 'Open SSE streams.',
    });
  }

  /** Starts the server span of a request; end it with `operation.end(outcome)`. */
  startRequest(facts: OperationFacts): ServerOperation {
    return new ServerOperation(this, facts);
  }

  recordDuration(seconds: number, attributes: Attributes): void {
    this.duration.record(seconds, attributes);
  }

  activeRequests(delta: number, attributes: Attributes): void {
    this.requests.add(delta, attributes);
  }

  /**
   * Starts the CLIENT span of a request the server sends (elicitation, sampling, roots) as a child
   * of the active request's span, and puts its trace context in the request's `_meta`.
   */
  startClientRequest(method: string, id: string, params: Record<string, unknown>): ClientOperation {
    const span = this.tracer.startSpan(
      method,
      { kind: SpanKind.CLIENT, attributes: { [ATTR.methodName]: method, [ATTR.requestId]: id } },
      context.active(),
    );
    const entries = metaEntriesOf(trace.setSpan(context.active(), span));
    const withContext =
      Object.keys(entries).length === 0
        ? params
        : { ...params, _meta: { ...(params._meta as Record<string, unknown> | undefined), ...entries } };
    return {
      params: withContext,
      end: (error) => {
        if (error) {
          const code = String(error.code);
          span.setAttributes({ [ATTR.errorType]: code, [ATTR.responseStatusCode]: code });
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
        }
        span.end();
      },
    };
  }

  /** A session opened (`initialize` answered); call the returned function when it ends. */
  sessionOpened(protocolVersion: string): () => void {
    const started = performance.now();
    this.sessions.add(1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.sessions.add(-1);
      this.sessionDuration.record((performance.now() - started) / 1000, {
        [ATTR.protocolVersion]: protocolVersion,
      });
    };
  }

  /** An SSE stream opened; call the returned function when it closes. */
  streamOpened(): () => void {
    this.streams.add(1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.streams.add(-1);
    };
  }
}
