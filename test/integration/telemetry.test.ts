import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ForecastDesk } from '../../examples/telemetry/telemetry.server';
import { Logger, McpApplication } from '../../src';
import { TestClient } from '../../src/testing';

describe.each(['session', 'stateless'] as const)('telemetry providers given to create (%s era)', (era) => {
  it('records spans on the tracer provider of the options, with no global SDK registered', async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const app = await McpApplication.create(ForecastDesk, {
      logger: new Logger('armature', 'silent'),
      telemetry: { tracerProvider },
    });
    const client = await TestClient.connect(app, { era });
    await client.callTool('forecast', { city: 'Oslo' });
    await app.close();
    const span = exporter.getFinishedSpans().find((s) => s.name === 'tools/call forecast');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'forecast' });
    // The in-memory client has no transport: no network attributes are invented for it.
    expect(span?.attributes['network.transport']).toBeUndefined();
  });
});

describe('a global OpenTelemetry SDK', () => {
  afterEach(() => trace.disable());

  it('records the spans of requests that arrive once it is registered, even after create', async () => {
    const app = await McpApplication.create(ForecastDesk, { logger: new Logger('armature', 'silent') });
    const client = await TestClient.connect(app, { era: 'session' });
    await client.callTool('forecast', { city: 'Oslo' });
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
    await client.callTool('forecast', { city: 'Bergen' });
    await app.close();
    const names = exporter.getFinishedSpans().map((span) => span.name);
    expect(names).toEqual(['tools/call forecast']);
  });
});
