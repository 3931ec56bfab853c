import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { BearerRefusal } from '../../../../src/auth/bearer-refusal';
import { Logger } from '../../../../src/core/logging/logger';
import { ErrorFunnel } from '../../../../src/core/protocol/error-funnel';
import { ErrorCode } from '../../../../src/core/protocol/mcp-error';
import { HttpError } from '../../../../src/transports/http/http-error';
import { errorEnvelope } from '../../../../src/transports/http/middleware/error-envelope';

const quiet = new Logger('armature', 'silent');

/** A real Koa server on 127.0.0.1 whose only route throws `error`, behind the error envelope. */
async function answerTo(error: unknown, funnel?: ErrorFunnel) {
  const app = new Koa();
  app.use(errorEnvelope(quiet, () => funnel));
  app.use(() => {
    throw error;
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the HTTP error envelope', () => {
  it("answers an HttpError with the table's status for its reason and its JSON-RPC body", async () => {
    const answer = await answerTo(new HttpError('conflict', ErrorCode.ConnectionClosed, 'Conflict: a second stream'));
    expect(answer.status).toBe(409);
    expect(answer.body).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32000, message: 'Conflict: a second stream' },
    });
  });

  it("answers a bearer refusal with RFC 6750's status, its challenge and the OAuth body", async () => {
    const refusal = new BearerRefusal(
      { resourceMetadata: 'http://127.0.0.1/.well-known/oauth-protected-resource/mcp', error: 'invalid_token' },
      'The token has expired',
    );
    const answer = await answerTo(refusal);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource/mcp"',
    );
    expect(answer.body).toEqual({ error: 'invalid_token', error_description: 'The token has expired' });
  });

  it("masks an unexpected error through the engine's funnel, and shows it when the app exposes errors", async () => {
    const leak = new Error('database password is hunter2');
    const masked = await answerTo(leak, new ErrorFunnel(quiet));
    expect(masked.status).toBe(500);
    expect(masked.body).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } });
    const exposed = await answerTo(leak, new ErrorFunnel(quiet, true));
    expect(exposed.body.error.message).toBe('Internal error: database password is hunter2');
    const beforeStart = await answerTo(leak);
    expect(beforeStart.body.error.message).toBe('Internal error');
  });
});
