import fc from 'fast-check';

/** One input to a transport: the bytes of a message (or of something that tries to pass for one). */
export interface FuzzInput {
  body: Buffer;
  /** HTTP headers to send instead of the valid ones (bad headers); undefined keeps them. */
  headers?: Record<string, string>;
  /** The request id an answer must carry, when the input is a readable request. */
  expectId?: string | number;
}

type Json = Record<string, unknown>;

/** Valid messages of every family the conformance server serves without waiting on the client. */
const VALID: Json[] = [
  { method: 'ping' },
  { method: 'tools/list', params: {} },
  { method: 'tools/list', params: { cursor: 'MTow' } },
  { method: 'tools/call', params: { name: 'test_simple_text', arguments: {} } },
  { method: 'tools/call', params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p' } } },
  { method: 'tools/call', params: { name: 'test_error_handling', arguments: {} } },
  { method: 'resources/list', params: {} },
  { method: 'resources/read', params: { uri: 'test://static-text' } },
  { method: 'resources/templates/list', params: {} },
  { method: 'prompts/list', params: {} },
  { method: 'prompts/get', params: { name: 'test_simple_prompt' } },
  { method: 'prompts/get', params: { name: 'test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } } },
  {
    method: 'completion/complete',
    params: { ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'a' } },
  },
  { method: 'logging/setLevel', params: { level: 'info' } },
  { method: 'notifications/cancelled', params: { requestId: 1, reason: 'fuzz' } },
  { method: 'notifications/roots/list_changed' },
];

const hostile = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 4 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e308, '', '__proto__', 'constructor'),
  fc.constant({ __proto__: { polluted: true } }),
  fc.string({ maxLength: 64 }),
);

/** Every path of a JSON value, so "wrong type for every field" reaches every field. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const own = Object.keys(value as Json).flatMap((key) => paths((value as Json)[key], [...prefix, key]));
  return [prefix, ...own];
}

function setPath(target: Json, path: string[], value: unknown): Json {
  if (path.length === 0) return value as Json;
  const copy: Json = Array.isArray(target) ? ([...target] as unknown as Json) : { ...target };
  const [head, ...rest] = path;
  const child = copy[head];
  copy[head] =
    rest.length === 0
      ? value
      : setPath(typeof child === 'object' && child !== null ? (child as Json) : {}, rest, value);
  return copy;
}

/** Which protocol generation the valid messages are written for. */
export type FuzzEra = 'session' | 'stateless';

export const STATELESS_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A valid message with a fresh id, as a JSON object (notifications stay without one). */
function validMessage(era: FuzzEra): fc.Arbitrary<Json> {
  return fc.tuple(fc.constantFrom(...VALID), fc.integer({ min: 1, max: 2 ** 31 })).map(([message, n]) => {
    const full: Json = { jsonrpc: '2.0', ...structuredClone(message) };
    if (!String(message.method).startsWith('notifications/')) full.id = `f-${n}`;
    if (era === 'stateless') {
      const params = (full.params ?? {}) as Json;
      full.params = { ...params, _meta: { ...((params._meta as Json) ?? {}), ...STATELESS_META } };
    }
    return full;
  });
}

const text = (value: unknown) => Buffer.from(JSON.stringify(value));

/** The mutations: each takes a valid message and returns what is sent. */
function mutations(base: fc.Arbitrary<Json>): fc.Arbitrary<FuzzInput> {
  return fc
    .oneof(
      // unchanged: the valid message itself must be answered
      base.map((m) => ({ body: text(m) })),
      // a wrong type (or a hostile value) in one field, for every field
      fc.tuple(base, fc.nat(), hostile).map(([m, pick, value]) => {
        const all = paths(m).filter((p) => p.length > 0);
        return { body: text(setPath(m, all[pick % all.length], value)) };
      }),
      // byte flips
      fc
        .tuple(base, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }))
        .map(([m, flips]) => {
          const body = text(m);
          for (const [at, byte] of flips) body[at % body.length] = byte;
          return { body };
        }),
      // truncation
      fc.tuple(base, fc.nat()).map(([m, cut]) => {
        const body = text(m);
        return { body: body.subarray(0, cut % body.length) };
      }),
      // deep nesting in params
      fc.tuple(base, fc.integer({ min: 100, max: 20_000 })).map(([m, depth]) => ({
        body: Buffer.from(JSON.stringify(m).replace(/}$/, `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
      })),
      // huge strings and ids
      fc.tuple(base, fc.integer({ min: 1_000, max: 300_000 }), fc.boolean()).map(([m, size, inId]) => {
        const huge = 'x'.repeat(size);
        return { body: text(inId ? { ...m, id: huge } : { ...m, params: { ...(m.params as Json), huge } }) };
      }),
      // invalid UTF-8 inside a string
      base.map((m) => {
        const body = text(m);
        const quote = body.indexOf(34, 2);
        return {
          body: Buffer.concat([body.subarray(0, quote + 1), Buffer.from([0xc3, 0x28, 0xff]), body.subarray(quote + 1)]),
        };
      }),
      // duplicate keys (the last one wins in JSON.parse)
      fc.tuple(base, hostile).map(([m, value]) => ({
        body: Buffer.from(
          JSON.stringify(m).replace(
            /^\{/,
            `{"method":${JSON.stringify(value) ?? 'null'},"id":${JSON.stringify(value) ?? 'null'},`,
          ),
        ),
      })),
      // batches, of valid and invalid members
      fc.array(fc.oneof(base, hostile), { minLength: 0, maxLength: 5 }).map((members) => ({ body: text(members) })),
      // __proto__ and constructor keys, at the top and in params
      fc.tuple(base, fc.constantFrom('__proto__', 'constructor', 'prototype')).map(([m, key]) => ({
        body: Buffer.from(
          JSON.stringify(m)
            .replace(/^\{/, `{"${key}":{"polluted":true},`)
            .replace(/"params":\{/, `"params":{"${key}":{"polluted":true},`),
        ),
      })),
      // bad headers (HTTP only; stdio sends the body as is)
      fc
        .tuple(
          base,
          fc.constantFrom<Record<string, string>>(
            { 'content-type': 'text/plain' },
            { 'content-type': 'application/json', accept: 'text/html' },
            {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              'mcp-protocol-version': '1999-01-01',
            },
            {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              'mcp-session-id': 'no-such-session',
            },
            {
              'content-type': 'application/json; charset=latin1',
              accept: 'application/json, text/event-stream',
              'mcp-method': 'x\u00ff',
            },
          ),
        )
        .map(([m, headers]) => ({ body: text(m), headers })),
    )
    .map((input) => ({ ...input, expectId: readableRequestId(input.body) }));
}

/** The id a transport must answer, when the bytes are one readable request with a valid id. */
function readableRequestId(body: Buffer): string | number | undefined {
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (value.jsonrpc !== '2.0' || typeof value.method !== 'string' || !('id' in value)) return undefined;
    return typeof value.id === 'string' || (typeof value.id === 'number' && Number.isFinite(value.id))
      ? value.id
      : undefined;
  } catch {
    return undefined;
  }
}

/** Mutated messages of one era, for fast-check properties. */
export function fuzzInput(era: FuzzEra): fc.Arbitrary<FuzzInput> {
  return mutations(validMessage(era));
}

/** `count` inputs from `seed`, generated lazily in chunks (huge inputs are never all in memory). */
export function* fuzzInputs(era: FuzzEra, count: number, seed: number, chunk = 500): Generator<FuzzInput> {
  const arbitrary = fuzzInput(era);
  for (let done = 0; done < count; done += chunk) {
    yield* fc.sample(arbitrary, { numRuns: Math.min(chunk, count - done), seed: seed + done });
  }
}
