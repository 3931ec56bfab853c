import { answerStatus, bearerRefusalStatus, HTTP_STATUS } from '../../../../src/transports/http/http-status';

const fault = (code: number) => ({ jsonrpc: '2.0' as const, id: 1, error: { code, message: 'x' } });
const result = { jsonrpc: '2.0' as const, id: 1, result: {} };

describe('the HTTP status table', () => {
  it('answers 2026-07-28 envelope faults 400 and an unknown method 404, so intermediaries can route on them', () => {
    expect(answerStatus(fault(-32022), 'stateless')).toBe(400); // unsupported protocol version
    expect(answerStatus(fault(-32021), 'stateless')).toBe(400); // missing client capability
    expect(answerStatus(fault(-32020), 'stateless')).toBe(400); // header mismatch
    expect(answerStatus(fault(-32601), 'stateless')).toBe(404);
  });

  it('answers every other error of a 2026-07-28 call 200: the call was served, its answer is an error', () => {
    expect(answerStatus(fault(-32602), 'stateless')).toBe(200);
    expect(answerStatus(fault(-32603), 'stateless')).toBe(200);
    expect(answerStatus(result, 'stateless')).toBe(200);
  });

  it('answers session-era errors 200, as JSON-RPC over HTTP does', () => {
    for (const code of [-32601, -32602, -32603, -32020, -32022]) expect(answerStatus(fault(code), 'session')).toBe(200);
    expect(answerStatus(result, 'session')).toBe(200);
  });

  it('answers a missing scope 403 in both eras (step-up authorization)', () => {
    expect(answerStatus(fault(-32003), 'session')).toBe(403);
    expect(answerStatus(fault(-32003), 'stateless')).toBe(403);
  });

  it('answers a batch 200 whatever its members say', () => {
    expect(answerStatus([fault(-32601), result], 'stateless')).toBe(200);
  });

  it('gives bearer refusals the statuses of RFC 6750 §3.1', () => {
    expect(bearerRefusalStatus(undefined)).toBe(401); // no credentials at all
    expect(bearerRefusalStatus('invalid_request')).toBe(400);
    expect(bearerRefusalStatus('invalid_token')).toBe(401);
    expect(bearerRefusalStatus('insufficient_scope')).toBe(403);
  });

  it('names each refusal of the HTTP layer once', () => {
    expect(HTTP_STATUS).toEqual({
      badRequest: 400,
      unauthorized: 401,
      forbidden: 403,
      notFound: 404,
      methodNotAllowed: 405,
      notAcceptable: 406,
      conflict: 409,
      payloadTooLarge: 413,
      unsupportedMediaType: 415,
      internal: 500,
      unavailable: 503,
    });
  });
});
