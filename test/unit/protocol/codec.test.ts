import { ErrorCode } from '../../../src/core/protocol/mcp-error';
import { decodeFrame, encode, FrameError } from '../../../src/protocol/codec';

function decodeError(text: string): FrameError {
  try {
    decodeFrame(text);
  } catch (error) {
    return error as FrameError;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('JSON-RPC codec', () => {
  it('decodes requests, notifications and responses with string or number ids', () => {
    expect(decodeFrame('{"jsonrpc":"2.0","id":1,"method":"ping"}')).toEqual({
      kind: 'single',
      message: { jsonrpc: '2.0', id: 1, method: 'ping' },
    });
    expect(decodeFrame('{"jsonrpc":"2.0","id":"a","method":"ping","params":{}}').kind).toBe('single');
    expect(decodeFrame('{"jsonrpc":"2.0","method":"notifications/initialized"}').kind).toBe('single');
    expect(decodeFrame('{"jsonrpc":"2.0","id":"s1","result":{}}').kind).toBe('single');
    expect(decodeFrame('{"jsonrpc":"2.0","id":"s1","error":{"code":-1,"message":"no"}}').kind).toBe('single');
  });

  it('keeps a batch as a batch, for the engine to accept or refuse by protocol revision', () => {
    const frame = decodeFrame('[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"x"}]');
    expect(frame.kind).toBe('batch');
  });

  it('answers malformed JSON with -32700', () => {
    const error = decodeError('{"jsonrpc":"2.0",');
    expect(error.code).toBe(ErrorCode.ParseError);
    expect(error.id).toBeNull();
  });

  it.each([
    ['a string', '"hello"'],
    ['a number', '42'],
    ['null', 'null'],
    ['no jsonrpc member', '{"id":1,"method":"ping"}'],
    ['a wrong jsonrpc version', '{"jsonrpc":"1.0","id":1,"method":"ping"}'],
    ['an object id', '{"jsonrpc":"2.0","id":{},"method":"ping"}'],
    ['a non-string method', '{"jsonrpc":"2.0","id":1,"method":7}'],
    ['array params', '{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}'],
    ['neither method nor result', '{"jsonrpc":"2.0","id":1}'],
    ['an empty batch', '[]'],
  ])('answers %s with -32600', (_case, text) => {
    expect(decodeError(text).code).toBe(ErrorCode.InvalidRequest);
  });

  it('recovers the id of an invalid request so the error can be correlated', () => {
    expect(decodeError('{"jsonrpc":"2.0","id":9,"method":"ping","params":"x"}').id).toBe(9);
  });
});

describe('encoding what cannot be serialised', () => {
  const deep = (depth: number) => {
    let value: unknown[] = [];
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it('answers a result that cannot be serialised with an internal error for the same id', () => {
    const text = encode({ jsonrpc: '2.0', id: 4, result: { big: BigInt(1) } });
    expect(JSON.parse(text)).toMatchObject({ jsonrpc: '2.0', id: 4, error: { code: ErrorCode.InternalError } });
  });

  it('drops a notification nested too deep to serialise, rather than throwing', () => {
    const message = {
      jsonrpc: '2.0' as const,
      method: 'notifications/progress',
      params: { progressToken: deep(100_000) },
    };
    expect(encode(message)).toBeUndefined();
  });

  it('keeps the rest of a batch when one response cannot be serialised', () => {
    const text = encode([
      { jsonrpc: '2.0', id: 1, result: {} },
      { jsonrpc: '2.0', id: 2, result: { big: BigInt(2) } },
    ]);
    expect(JSON.parse(text)).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      expect.objectContaining({ id: 2, error: expect.objectContaining({ code: ErrorCode.InternalError }) }),
    ]);
  });
});

describe('nesting limit', () => {
  it('refuses a message nested deeper than the limit with -32600, keeping its id', () => {
    const deep = `${'['.repeat(129)}${']'.repeat(129)}`;
    const error = decodeError(`{"jsonrpc":"2.0","id":3,"method":"ping","params":{"a":${deep}}}`);
    expect(error.code).toBe(ErrorCode.InvalidRequest);
    expect(error.message).toMatch(/deeper than 128 levels/);
    expect(error.id).toBe(3);
  });

  it('accepts nesting up to the limit, and brackets inside strings do not count', () => {
    const fine = `${'['.repeat(120)}${']'.repeat(120)}`;
    expect(decodeFrame(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"a":${fine}}}`).kind).toBe('single');
    const text = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { s: `\\"${'['.repeat(500)}` } });
    expect(decodeFrame(text).kind).toBe('single');
  });

  it('counts depth, not brackets: many shallow arrays and objects are accepted', () => {
    const wide = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { a: Array(300).fill([{}]) } });
    expect(decodeFrame(wide).kind).toBe('single');
  });
});
