import { Logger } from '../../../../src/core/logging/logger';
import { ErrorFunnel, faultAnswer } from '../../../../src/core/protocol/error-funnel';
import { ErrorCode, McpError } from '../../../../src/core/protocol/mcp-error';

const quiet = new Logger('armature', 'silent');

describe('the error funnel', () => {
  it('answers a protocol fault with its own code, message and data', () => {
    const fault = new McpError(ErrorCode.InvalidParams, 'Invalid params: no city', { field: 'city' });
    expect(new ErrorFunnel(quiet).answer(7, fault, 'tools/call')).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32602, message: 'Invalid params: no city', data: { field: 'city' } },
    });
  });

  it('masks anything unexpected as -32603, unless exposeErrors', () => {
    const leak = new Error('database password is hunter2');
    expect(new ErrorFunnel(quiet).answer(1, leak, 'tools/call').error).toEqual({
      code: -32603,
      message: 'Internal error',
    });
    expect(new ErrorFunnel(quiet, true).answer(1, leak, 'tools/call').error.message).toBe(
      'Internal error: database password is hunter2',
    );
  });

  it("answers a transport's own faults unmasked, through the helpers that name their code", () => {
    expect(faultAnswer(null, McpError.parseError('the line is not valid UTF-8'))).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: the line is not valid UTF-8' },
    });
    expect(faultAnswer(3, McpError.invalidRequest('the message exceeds 10 bytes')).error).toEqual({
      code: -32600,
      message: 'Invalid request: the message exceeds 10 bytes',
    });
  });
});
