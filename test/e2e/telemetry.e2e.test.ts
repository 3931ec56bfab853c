import type { Readable } from 'node:stream';
import {
  Client as StatelessClient,
  StreamableHTTPClientTransport as StatelessHttp,
} from '@modelcontextprotocol/client';
import { StdioClientTransport as StatelessStdio } from '@modelcontextprotocol/client/stdio';
import { Client as SessionClient } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport as SessionStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as SessionHttp } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type DataPoint, type Histogram, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { registerTelemetry } from '../../examples/telemetry/otel';
import { ForecastDesk } from '../../examples/telemetry/telemetry.server';
import { type LogSink, McpApplication } from '../../src';
import { exampleCommand } from './support/spawn-example';

jest.setTimeout(60_000);

/** A metric reader the test collects from when it wants to look. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

type Json = Record<string, any>;

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const HEADER_PARENT = '00f067aa0ba902b7';
const META_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const META_PARENT = 'b7ad6b7169203331';
const headerTraceparent = `00-${TRACE_ID}-${HEADER_PARENT}-01`;
const metaTraceparent = `00-${META_TRACE_ID}-${META_PARENT}-01`;

/** The application's logger is the user's own: an object with pino's (fields, message) methods. */
const records: { level: string; fields: Json; message: string }[] = [];
const userLogger = Object.fromEntries(
  ['debug', 'info', 'warn', 'error'].map((level) => [
    level,
    (fields: Json, message: string) => records.push({ level, fields, message }),
  ]),
) as unknown as LogSink;

const spans = new InMemorySpanExporter();
const reader = new OnDemandReader();
let sdk: { shutdown(): Promise<void> };
let app: McpApplication;
let url: string;

beforeAll(async () => {
  sdk = registerTelemetry(spans, reader);
  app = await McpApplication.create(ForecastDesk, { logger: userLogger });
  await app.listen({ transport: 'streamable-http', port: 0 });
  url = app.url as string;
});
afterAll(async () => {
  await app?.close(2000);
  await sdk?.shutdown();
});
beforeEach(() => spans.reset());

const serverSpan = (name: string) => {
  const found = spans.getFinishedSpans().filter((s) => s.name === name && s.kind === SpanKind.SERVER);
  if (found.length !== 1) throw new Error(`expected one server span "${name}", got ${found.length}: ${spanNames()}`);
  return found[0];
};
const spanNames = () =>
  spans
    .getFinishedSpans()
    .map((s) => s.name)
    .join(', ');

async function metric(name: string): Promise<DataPoint<number | Histogram>[]> {
  const { resourceMetrics } = (await reader.collect()) as { resourceMetrics: ResourceMetrics };
  const found = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (found?.dataPoints ?? []) as DataPoint<number | Histogram>[];
}
function pointWith(points: DataPoint<number | Histogram>[], attributes: Json): DataPoint<number | Histogram> {
  const found = points.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));
  if (!found) throw new Error(`no point with ${JSON.stringify(attributes)}`);
  return found;
}
const sumOf = (points: DataPoint<number | Histogram>[]) => points.reduce((total, p) => total + (p.value as number), 0);

describe('session era over streamable HTTP (@modelcontextprotocol/sdk 1.x)', () => {
  let client: SessionClient;
  let transport: SessionHttp;
  const elicited: Json[] = [];
  let streamsWhileAsking = -1;

  beforeAll(async () => {
    client = new SessionClient({ name: 'otel-session', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicited.push(request.params);
      streamsWhileAsking = sumOf(await metric('armature.mcp.server.active_streams'));
      return { action: 'accept', content: { answer: 'yes' } };
    });
    transport = new SessionHttp(new URL(url), { requestInit: { headers: { traceparent: headerTraceparent } } });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('continues the traceparent of the HTTP request in the span of initialize', async () => {
    // initialize ran in beforeAll, before the reset: connect again on a second client to see its span.
    const second = new SessionClient({ name: 'otel-second', version: '1.0.0' });
    const secondTransport = new SessionHttp(new URL(url), {
      requestInit: { headers: { traceparent: headerTraceparent } },
    });
    await second.connect(secondTransport);
    const span = serverSpan('initialize');
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(HEADER_PARENT);
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'initialize',
      'mcp.protocol.version': '2025-11-25',
      'mcp.session.id': secondTransport.sessionId,
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
      'network.protocol.version': '1.1',
    });
    await secondTransport.terminateSession();
    await second.close();
  });

  it('names a tool call span after the tool, with the conventions attributes, as a SERVER span', async () => {
    const result = await client.callTool({ name: 'forecast', arguments: { city: 'Oslo' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Oslo: Snow, -3 °C' }]);
    const span = serverSpan('tools/call forecast');
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'forecast',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.session.id': transport.sessionId,
      'mcp.protocol.version': '2025-11-25',
      'network.transport': 'tcp',
      'client.address': '127.0.0.1',
    });
    expect(typeof span.attributes['jsonrpc.request.id']).toBe('string');
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
  });

  it('hands one record per request to the application logger, with the trace id of its span', async () => {
    records.length = 0;
    await client.callTool({ name: 'forecast', arguments: { city: 'Atlantis' } });
    const record = records.find((r) => r.fields.method === 'tools/call');
    expect(record).toMatchObject({
      level: 'info',
      message: expect.stringMatching(/^tools\/call forecast tool_error in [\d.]+ ms$/),
      fields: {
        logger: 'armature',
        method: 'tools/call',
        name: 'forecast',
        outcome: 'tool_error',
        era: 'session',
        sessionId: transport.sessionId,
        traceId: TRACE_ID,
      },
    });
    expect(typeof record?.fields.durationMs).toBe('number');
    expect(typeof record?.fields.requestId).toBe('number');
  });

  it('prefers the traceparent in _meta to the HTTP header, and links the header context', async () => {
    await client.callTool({ name: 'forecast', arguments: { city: 'Lisbon' }, _meta: { traceparent: metaTraceparent } });
    const span = serverSpan('tools/call forecast');
    expect(span.spanContext().traceId).toBe(META_TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(META_PARENT);
    expect(span.links.map((link) => link.context.spanId)).toEqual([HEADER_PARENT]);
  });

  it('marks a tool that answers isError with error.type tool_error', async () => {
    const result = await client.callTool({ name: 'forecast', arguments: { city: 'Atlantis' } });
    expect(result.isError).toBe(true);
    const span = serverSpan('tools/call forecast');
    expect(span.attributes['error.type']).toBe('tool_error');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('marks a JSON-RPC error with its code as error.type and rpc.response.status_code, and its message', async () => {
    await expect(client.getPrompt({ name: 'no_such_prompt' })).rejects.toThrow(/no_such_prompt/);
    const span = serverSpan('prompts/get no_such_prompt');
    expect(span.attributes).toMatchObject({ 'error.type': '-32602', 'rpc.response.status_code': '-32602' });
    expect(span.status).toMatchObject({
      code: SpanStatusCode.ERROR,
      message: expect.stringContaining('no_such_prompt'),
    });
  });

  it('gives a resource read its URI, and keeps the URI out of the span name', async () => {
    await client.readResource({ uri: 'forecast://cities' });
    expect(serverSpan('resources/read').attributes['mcp.resource.uri']).toBe('forecast://cities');
  });

  it('traces an elicitation as a CLIENT span under the tool call, its context in the request _meta', async () => {
    const result = await client.callTool({ name: 'publish', arguments: { city: 'Oslo' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Published Oslo (yes)' }]);
    const call = serverSpan('tools/call publish');
    const ask = spans.getFinishedSpans().find((s) => s.name === 'elicitation/create') as ReadableSpan;
    expect(ask.kind).toBe(SpanKind.CLIENT);
    expect(ask.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(ask.attributes).toMatchObject({ 'mcp.method.name': 'elicitation/create' });
    const sent = elicited.at(-1)?._meta?.traceparent;
    expect(sent).toBe(`00-${ask.spanContext().traceId}-${ask.spanContext().spanId}-01`);
    // The answer to a call that asks the client travels on an SSE stream, open while the client answers.
    expect(streamsWhileAsking).toBeGreaterThanOrEqual(1);
  });

  it('records the duration histogram per method and tool, in seconds, and counts the session while it is open', async () => {
    await client.callTool({ name: 'forecast', arguments: { city: 'Oslo' } });
    const durations = await metric('mcp.server.operation.duration');
    const ok = pointWith(durations, {
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'forecast',
      'error.type': undefined,
    });
    const histogram = ok.value as Histogram;
    expect(histogram.count).toBeGreaterThanOrEqual(1);
    expect(histogram.sum).toBeLessThan(histogram.count * 5);
    expect(ok.attributes).toMatchObject({ 'network.transport': 'tcp', 'mcp.protocol.version': '2025-11-25' });
    expect(ok.attributes['mcp.session.id']).toBeUndefined();
    const failed = pointWith(durations, { 'gen_ai.tool.name': 'forecast', 'error.type': 'tool_error' });
    expect((failed.value as Histogram).count).toBeGreaterThanOrEqual(1);
    expect(sumOf(await metric('armature.mcp.server.active_requests'))).toBe(0);
    expect(sumOf(await metric('armature.mcp.server.active_sessions'))).toBe(1);
  });

  it('counts the session and its streams down when the session ends', async () => {
    await transport.terminateSession();
    expect(sumOf(await metric('armature.mcp.server.active_sessions'))).toBe(0);
    expect(sumOf(await metric('armature.mcp.server.active_streams'))).toBe(0);
    const sessions = await metric('mcp.server.session.duration');
    expect((pointWith(sessions, { 'mcp.protocol.version': '2025-11-25' }).value as Histogram).count).toBe(2);
  });
});

describe('2026-07-28 over streamable HTTP (@modelcontextprotocol/client 2.x)', () => {
  const connect = async (headers: Record<string, string> = {}) => {
    const client = new StatelessClient(
      { name: 'otel-2026', version: '1.0.0' },
      { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(new StatelessHttp(new URL(url), { requestInit: { headers } }));
    return client;
  };

  it('continues the HTTP traceparent in server/discover and in a tool call, with no session id', async () => {
    const client = await connect({ traceparent: headerTraceparent });
    await client.callTool({ name: 'forecast', arguments: { city: 'Oslo' } });
    await client.close();
    for (const name of ['server/discover', 'tools/call forecast']) {
      const span = serverSpan(name);
      expect(span.spanContext().traceId).toBe(TRACE_ID);
      expect(span.parentSpanContext?.spanId).toBe(HEADER_PARENT);
      expect(span.attributes['mcp.protocol.version']).toBe('2026-07-28');
      expect(span.attributes['mcp.session.id']).toBeUndefined();
    }
  });

  it('continues a traceparent and baggage sent in _meta', async () => {
    const client = await connect();
    await client.callTool({
      name: 'forecast',
      arguments: { city: 'Lisbon' },
      _meta: { traceparent: metaTraceparent, tracestate: 'rojo=00f067aa0ba902b7', baggage: 'tenant=acme' },
    } as never);
    await client.close();
    const span = serverSpan('tools/call forecast');
    expect(span.spanContext().traceId).toBe(META_TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(META_PARENT);
    expect(span.links).toEqual([]);
  });

  it('marks an unknown tool with the JSON-RPC code the client got', async () => {
    const client = await connect();
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/no_such_tool/);
    await client.close();
    expect(serverSpan('tools/call no_such_tool').attributes['error.type']).toBe('-32602');
  });
});

describe('legacy HTTP+SSE (@modelcontextprotocol/sdk 1.x)', () => {
  let legacy: McpApplication;
  beforeAll(async () => {
    legacy = await McpApplication.create(ForecastDesk, { logger: userLogger });
    await legacy.listen({ transport: 'sse', port: 0 });
  });
  afterAll(async () => {
    await legacy?.close(2000);
  });

  it('traces a tool call posted for the stream, with the stream session id, and counts the open stream', async () => {
    const client = new SessionClient({ name: 'otel-legacy', version: '1.0.0' });
    const transport = new SSEClientTransport(new URL(legacy.url as string), {
      requestInit: { headers: { traceparent: headerTraceparent } },
    });
    await client.connect(transport);
    await client.callTool({ name: 'forecast', arguments: { city: 'Oslo' } });
    const streams = sumOf(await metric('armature.mcp.server.active_streams'));
    await client.close();
    const span = serverSpan('tools/call forecast');
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'forecast',
      'network.transport': 'tcp',
      'network.protocol.name': 'http',
    });
    // The session id is the stream's (the sessionId of POST /messages), the same for every request of it.
    expect(span.attributes['mcp.session.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(serverSpan('initialize').attributes['mcp.session.id']).toBe(span.attributes['mcp.session.id']);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(streams).toBeGreaterThanOrEqual(1);
  });
});

/** Lines of a child's stderr, parsed as JSON where they are, and a way to wait for one. */
function jsonLines(stream: Readable) {
  const lines: Json[] = [];
  const waiters: { test: (line: Json) => boolean; resolve: (line: Json) => void }[] = [];
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      let line: Json;
      try {
        line = JSON.parse(part);
      } catch {
        continue;
      }
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  return {
    lines,
    waitFor: (test: (line: Json) => boolean) =>
      new Promise<Json>((resolve) => {
        const seen = lines.find(test);
        if (seen) resolve(seen);
        else waiters.push({ test, resolve });
      }),
  };
}

describe.each([
  ['session era (@modelcontextprotocol/sdk 1.x)', 'session'],
  ['2026-07-28 (@modelcontextprotocol/client 2.x)', 'stateless'],
] as const)('over stdio, the example exporting to stderr: %s', (_name, era) => {
  let stopChild: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stopChild?.();
  });

  it('exports the spans and metrics of its requests, trace context from _meta continued', async () => {
    const { command, args, env, cwd } = exampleCommand('telemetry');
    const childEnv = {
      ...env,
      OTEL_METRIC_EXPORT_INTERVAL: '100',
      ARMATURE_LOG_LEVEL: 'info',
      ARMATURE_LOG_FORMAT: 'json',
    };
    const options = { command, args, env: childEnv, cwd, stderr: 'pipe' as const };
    const transport = era === 'session' ? new SessionStdio(options) : new StatelessStdio(options);
    const output = jsonLines(transport.stderr as Readable);
    const client =
      era === 'session'
        ? new SessionClient({ name: 'otel-stdio', version: '1.0.0' })
        : new StatelessClient(
            { name: 'otel-stdio', version: '1.0.0' },
            { versionNegotiation: { mode: { pin: '2026-07-28' } } },
          );
    await client.connect(transport as never);
    stopChild = () => client.close();
    await (client as SessionClient).callTool({
      name: 'forecast',
      arguments: { city: 'Oslo' },
      _meta: { traceparent: metaTraceparent },
    });
    const version = era === 'session' ? '2025-11-25' : '2026-07-28';
    const { span } = await output.waitFor((line) => line.span?.name === 'tools/call forecast');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.traceId).toBe(META_TRACE_ID);
    expect(span.parentSpanId).toBe(META_PARENT);
    expect(span.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'forecast',
      'network.transport': 'pipe',
      'mcp.protocol.version': version,
    });
    const { metrics } = await output.waitFor((line) =>
      line.metrics?.some(
        (m: Json) =>
          m.name === 'mcp.server.operation.duration' &&
          m.points.some((p: Json) => p.attributes['gen_ai.tool.name'] === 'forecast'),
      ),
    );
    const duration = metrics.find((m: Json) => m.name === 'mcp.server.operation.duration');
    expect(duration.unit).toBe('s');
    const point = duration.points.find((p: Json) => p.attributes['gen_ai.tool.name'] === 'forecast');
    expect(point.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'network.transport': 'pipe' });
    expect(point.value.count).toBe(1);
    if (era === 'session') expect(output.lines.some((line) => line.span?.name === 'initialize')).toBe(true);
    // ARMATURE_LOG_FORMAT=json: one JSON line on stderr per request, its trace id the span's.
    const record = await output.waitFor((line) => line.method === 'tools/call');
    expect(record).toMatchObject({
      level: 'info',
      logger: 'armature',
      msg: expect.stringMatching(/^tools\/call forecast ok in [\d.]+ ms$/),
      name: 'forecast',
      outcome: 'ok',
      era,
      traceId: META_TRACE_ID,
    });
    expect(Number.isNaN(Date.parse(record.time))).toBe(false);
    expect(record.durationMs).toBeGreaterThan(0);
  });
});
