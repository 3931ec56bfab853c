import type { Context } from 'koa';
import { ErrorCode } from '../../../src/core/protocol/mcp-error';
import { decodeValue, toMessage } from '../../../src/protocol/codec';
import { batchFault, classify, classifyFrame, type InboundRequest } from '../../../src/protocol/inbound';
import { HttpError } from '../../../src/transports/http/http-error';
import { checkStatelessHeaders } from '../../../src/transports/http/streamable/stateless-headers';

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
  'io.modelcontextprotocol/clientInfo': { name: 'probe', version: '1' },
  'io.modelcontextprotocol/logLevel': 'debug',
};

const request = (params?: Record<string, unknown>, method = 'tools/call') =>
  classify(toMessage({ jsonrpc: '2.0', id: 7, method, ...(params && { params }) })) as InboundRequest;

describe("the engine's front door classifies each message once", () => {
  it('reads a 2026-07-28 request: era, version, envelope, method, id, params, progress token', () => {
    const params = { name: 'greet', _meta: { ...ENVELOPE, progressToken: 'p-1' } };
    const classified = request(params);
    expect(classified).toMatchObject({
      kind: 'request',
      era: 'stateless',
      protocolVersion: '2026-07-28',
      method: 'tools/call',
      id: 7,
      params,
      progressToken: 'p-1',
      envelope: {
        protocolVersion: '2026-07-28',
        clientCapabilities: { elicitation: {} },
        clientInfo: { name: 'probe', version: '1' },
        logLevel: 'debug',
        progressToken: 'p-1',
      },
    });
    expect(classified.envelopeFault).toBeUndefined();
    expect(classified.fault).toBeUndefined();
  });

  it('reads a session-era request: no version, no envelope, the progress token from _meta', () => {
    const classified = request({ name: 'greet', _meta: { progressToken: 3 } });
    expect(classified).toMatchObject({ era: 'session', progressToken: 3 });
    expect(classified.protocolVersion).toBeUndefined();
    expect(classified.envelope).toBeUndefined();
    expect(request(undefined, 'ping')).toMatchObject({ era: 'session', params: {} });
  });

  it('keeps the _meta that carries trace context for the request span, and nothing when it carries none', () => {
    const traced = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', progressToken: 1 };
    expect(request({ _meta: traced }).traceCarrier).toBe(traced);
    expect(request({ _meta: { baggage: 'tenant=acme' } }).traceCarrier).toEqual({ baggage: 'tenant=acme' });
    expect(request({ _meta: { progressToken: 1 } }).traceCarrier).toBeUndefined();
    expect(request({ name: 'greet' }).traceCarrier).toBeUndefined();
  });

  it('classifies notifications by era too, and leaves responses as they are', () => {
    expect(classify({ jsonrpc: '2.0', method: 'notifications/initialized' })).toMatchObject({
      kind: 'notification',
      era: 'session',
      params: {},
    });
    expect(classify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { _meta: ENVELOPE } })).toMatchObject({
      kind: 'notification',
      era: 'stateless',
      protocolVersion: '2026-07-28',
    });
    const response = { jsonrpc: '2.0' as const, id: 1, result: {} };
    expect(classify(response)).toEqual({ kind: 'response', message: response });
  });

  it('keeps a malformed envelope as a fault for the era adapter, never throwing', () => {
    const noCapabilities = request({ _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } });
    expect(noCapabilities.era).toBe('stateless');
    expect(noCapabilities.envelope).toBeUndefined();
    expect(noCapabilities.envelopeFault).toMatchObject({ code: ErrorCode.InvalidParams });
    expect(noCapabilities.envelopeFault?.message).toContain('clientCapabilities');

    const badLevel = request({ _meta: { ...ENVELOPE, 'io.modelcontextprotocol/logLevel': 'loud' } });
    expect(badLevel.envelopeFault?.message).toMatch(/logLevel.*not a logging level/);

    const numericVersion = request({ _meta: { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': 2026 } });
    expect(numericVersion).toMatchObject({ era: 'stateless', protocolVersion: undefined });
    expect(numericVersion.envelopeFault?.message).toMatch(/protocolVersion.*must be a string/);
  });

  it('keeps an unsupported version as -32022 with the versions the server speaks', () => {
    const future = request({ _meta: { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } });
    expect(future.protocolVersion).toBe('2099-01-01');
    expect(future.envelopeFault).toMatchObject({
      code: ErrorCode.UnsupportedProtocolVersion,
      data: { requested: '2099-01-01', supported: expect.arrayContaining(['2026-07-28', '2025-11-25']) },
    });
  });

  it('records a malformed _meta or progress token as a fault of the request alone', () => {
    expect(request({ _meta: [1] })).toMatchObject({ era: 'session', fault: { code: ErrorCode.InvalidParams } });
    const badToken = request({ _meta: { ...ENVELOPE, progressToken: { deep: [] } } });
    expect(badToken.fault?.message).toContain('_meta.progressToken');
    expect(badToken.progressToken).toBeUndefined();
  });

  it('classifies every message of a batch', () => {
    const frame = classifyFrame(
      decodeValue([
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
      ]),
    );
    expect(frame.kind).toBe('batch');
    expect(frame.kind === 'batch' && frame.messages.map((m) => m.kind)).toEqual(['request', 'notification']);
  });
});

describe('the one batch policy', () => {
  const batch = { kind: 'batch' as const };

  it('accepts batches in 2025-03-26 only, and single messages always', () => {
    expect(batchFault(batch, '2025-03-26')).toBeUndefined();
    expect(batchFault({ kind: 'single' }, '2026-07-28')).toBeUndefined();
  });

  it.each([['2024-11-05'], ['2025-06-18'], ['2025-11-25'], ['2026-07-28']])('refuses a batch in %s (-32600)', (v) => {
    const fault = batchFault(batch, v);
    expect(fault?.code).toBe(ErrorCode.InvalidRequest);
    expect(fault?.message).toBe(
      `Invalid request: JSON-RPC batches are not supported in protocol ${v}; send one message at a time`,
    );
  });

  it('refuses a batch before any version is negotiated', () => {
    expect(batchFault(batch, undefined)?.message).toContain('not supported in protocol negotiation');
  });
});

describe('the HTTP version header against the classified envelope', () => {
  const ctx = (headers: Record<string, string>) =>
    ({ get: (name: string) => headers[name.toLowerCase()] ?? '' }) as unknown as Context;
  const list = (version: unknown) =>
    request({ _meta: { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': version } }, 'tools/list');
  const refusal = (headers: Record<string, string>, message: ReturnType<typeof request>) => {
    try {
      checkStatelessHeaders(ctx({ 'mcp-method': 'tools/list', ...headers }), message);
      return undefined;
    } catch (error) {
      return error as HttpError;
    }
  };

  it('agrees when both name 2026-07-28', () => {
    expect(refusal({ 'mcp-protocol-version': '2026-07-28' }, list('2026-07-28'))).toBeUndefined();
  });

  it('refuses a header that disagrees with _meta (400, -32020, both versions named)', () => {
    const error = refusal({ 'mcp-protocol-version': '2026-07-28' }, list('2025-11-25'));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, code: ErrorCode.HeaderMismatch, id: 7 });
    expect(error?.message).toBe(
      'Header mismatch: MCP-Protocol-Version "2026-07-28" differs from _meta protocolVersion "2025-11-25"',
    );
  });

  it('refuses a 2026-07-28 header on a request without an envelope (-32602)', () => {
    const error = refusal({ 'mcp-protocol-version': '2026-07-28' }, request({}, 'tools/list'));
    expect(error).toMatchObject({ status: 400, code: ErrorCode.InvalidParams });
  });

  it('refuses a response: a 2026-07-28 client sends none', () => {
    const response = classify({ jsonrpc: '2.0', id: 1, result: {} });
    expect(refusal({ 'mcp-protocol-version': '2026-07-28' }, response as never)).toMatchObject({
      status: 400,
      code: ErrorCode.InvalidRequest,
    });
  });
});
