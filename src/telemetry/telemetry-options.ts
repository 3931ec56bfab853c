import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/**
 * Where spans and metrics go. By default the global providers of `@opentelemetry/api`, which do
 * nothing until an OpenTelemetry SDK registers real ones (register it before `McpApplication.create`:
 * instruments are created then).
 */
export interface TelemetryOptions {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

/** What a transport knows about how a request arrived, for the span's network attributes and trace context. */
export interface RequestTransport {
  /** `network.transport`: `pipe` for stdio, `tcp` for HTTP. */
  network: 'pipe' | 'tcp';
  /** The HTTP version (`1.1`, `2`) when the request came over HTTP. */
  httpVersion?: string;
  clientAddress?: string;
  clientPort?: number;
  /** The HTTP request's headers, where `traceparent`, `tracestate` and `baggage` may stand. */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
}
