import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

/**
 * The OpenTelemetry SDK, registered globally: what an application does once, before
 * `McpApplication.create` (Armature creates its instruments then). Armature itself depends only on
 * `@opentelemetry/api`; with no SDK registered its spans and metrics cost next to nothing.
 *
 * - the AsyncLocalStorage context manager keeps a request's span active across its awaits, so
 *   spans made in a tool (a database call, an HTTP request) become its children;
 * - the W3C propagators read `traceparent`/`tracestate`/`baggage` from HTTP headers and from a
 *   request's `_meta`, and write them into the `_meta` of the server's own requests to the client.
 */
export function registerTelemetry(spans: SpanExporter, reader: MetricReader): { shutdown(): Promise<void> } {
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}
