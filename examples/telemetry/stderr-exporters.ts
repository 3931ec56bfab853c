import { ExportResultCode, hrTimeToMilliseconds } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

type Done = (result: { code: ExportResultCode }) => void;

/**
 * Writes each finished span as one JSON line on stderr (`{"span": {...}}`). Over stdio, stdout
 * carries MCP messages only, so a console exporter (which prints to stdout) would corrupt the
 * client's stream; in production, use an OTLP exporter instead.
 */
export class StderrSpanExporter implements SpanExporter {
  export(spans: ReadableSpan[], done: Done): void {
    for (const span of spans) {
      const parent = span.parentSpanContext;
      const line = {
        span: {
          name: span.name,
          kind: span.kind,
          traceId: span.spanContext().traceId,
          spanId: span.spanContext().spanId,
          parentSpanId: parent?.spanId,
          attributes: span.attributes,
          status: span.status,
          links: span.links.map((link) => link.context),
          durationMs: hrTimeToMilliseconds(span.duration),
        },
      };
      process.stderr.write(`${JSON.stringify(line)}\n`);
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

/** Writes each metric collection as one JSON line on stderr (`{"metrics": [...]}`), name, kind and points. */
export class StderrMetricExporter implements PushMetricExporter {
  export(batch: ResourceMetrics, done: Done): void {
    const metrics = batch.scopeMetrics.flatMap((scope) =>
      scope.metrics.map((metric) => ({
        name: metric.descriptor.name,
        unit: metric.descriptor.unit,
        points: metric.dataPoints.map((point) => ({ attributes: point.attributes, value: point.value })),
      })),
    );
    process.stderr.write(`${JSON.stringify({ metrics })}\n`);
    done({ code: ExportResultCode.SUCCESS });
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
