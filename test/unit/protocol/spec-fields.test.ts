import type { JsonRpcRequest } from '../../../src/core/protocol/json-rpc';
import { ErrorCode } from '../../../src/core/protocol/mcp-error';
import { specFieldFault } from '../../../src/protocol/spec-fields';

const call = (meta: unknown): JsonRpcRequest => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'x', _meta: meta as Record<string, unknown> },
});

describe('fields whose type the spec fixes', () => {
  it('accepts a string or integer progress token, and no _meta at all', () => {
    expect(specFieldFault(call({ progressToken: 'p-1' }))).toBeUndefined();
    expect(specFieldFault(call({ progressToken: 42 }))).toBeUndefined();
    expect(specFieldFault({ jsonrpc: '2.0', id: 1, method: 'ping' })).toBeUndefined();
  });

  it.each([[[[[]]]], [{}], [1.5], [null], [true], [Number.MAX_VALUE]])(
    'refuses the progress token %j with -32602 naming the field',
    (token) => {
      const fault = specFieldFault(call({ progressToken: token }));
      expect(fault?.code).toBe(ErrorCode.InvalidParams);
      expect(fault?.message).toContain('_meta.progressToken');
    },
  );

  it('refuses a _meta that is no object', () => {
    expect(specFieldFault(call([1]))?.message).toContain('"_meta" must be an object');
    expect(specFieldFault(call('meta'))?.code).toBe(ErrorCode.InvalidParams);
  });
});

describe('cursor', () => {
  it('must be a string when given', () => {
    const list = (cursor: unknown): JsonRpcRequest => ({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { cursor } as never,
    });
    expect(specFieldFault(list('abc'))).toBeUndefined();
    expect(specFieldFault(list(undefined))).toBeUndefined();
    expect(specFieldFault(list(7))?.message).toContain('"cursor" must be a string');
  });
});
