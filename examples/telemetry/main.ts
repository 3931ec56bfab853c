import 'reflect-metadata';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { McpApplication } from 'armature-mcp';
import { registerTelemetry } from './otel';
import { StderrMetricExporter, StderrSpanExporter } from './stderr-exporters';
import { ForecastDesk } from './telemetry.server';

/**
 * The SDK first (Armature creates its instruments in `create`), then the application, served on
 * the transport the "telemetry" project configures. Spans and metrics go to stderr as JSON lines;
 * OTEL_METRIC_EXPORT_INTERVAL (milliseconds, the SDK's usual variable) sets how often metrics are.
 */
async function main() {
  const interval = Number(process.env.OTEL_METRIC_EXPORT_INTERVAL ?? 60_000);
  registerTelemetry(
    new StderrSpanExporter(),
    new PeriodicExportingMetricReader({ exporter: new StderrMetricExporter(), exportIntervalMillis: interval }),
  );
  const app = await McpApplication.create(ForecastDesk);
  await app.listen();
}

void main();
