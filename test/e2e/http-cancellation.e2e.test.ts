import 'reflect-metadata';
import { EventEmitter, once } from 'node:events';
import { Logger, McpApplication, McpContext, McpServer, Tool } from '../../src';
import { openSession, POST_HEADERS } from './support/http-raw';

jest.setTimeout(20_000);

/** `started` when the tool runs, then `ended` with whether it finished or was cancelled. */
const handler = new EventEmitter();

@McpServer({ name: 'patience', version: '1.0.0' })
class PatienceServer {
  @Tool({ description: 'Waits up to two seconds, noting whether it finished or was cancelled' })
  async wait(ctx: McpContext) {
    handler.emit('started');
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve(`finished ${ctx.era}`), 2000);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(`cancelled ${ctx.era}`);
      });
    });
    handler.emit('ended', outcome);
    return outcome;
  }
}

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A client that vanishes mid-call: in 2026-07-28 that is a cancellation; in a session it is not. */
describe('clients that vanish mid-call over streamable HTTP', () => {
  let app: McpApplication;
  beforeAll(async () => {
    app = await McpApplication.create(PatienceServer, { logger: new Logger('armature', 'warn') });
    await app.listen({ transport: 'streamable-http', port: 0 });
  });
  afterAll(async () => {
    await app?.close(3000);
  });

  it('cancels a 2026-07-28 request whose client closed the connection', async () => {
    const started = once(handler, 'started');
    const ended = once(handler, 'ended');
    const controller = new AbortController();
    const call = fetch(app.url as string, {
      method: 'POST',
      headers: {
        ...POST_HEADERS,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'wait',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'wait', _meta: ENVELOPE } }),
      signal: controller.signal,
    }).catch(() => undefined);
    await started;
    controller.abort();
    await call;
    expect(await ended).toEqual(['cancelled stateless']);
  });

  it('lets a session-era call finish when its client drops the connection', async () => {
    const session = await openSession(app.url as string);
    const started = once(handler, 'started');
    const ended = once(handler, 'ended');
    const controller = new AbortController();
    const call = fetch(app.url as string, {
      method: 'POST',
      headers: { ...POST_HEADERS, 'mcp-session-id': session },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'wait' } }),
      signal: controller.signal,
    }).catch(() => undefined);
    await started;
    controller.abort();
    await call;
    expect(await ended).toEqual(['finished session']);
  });
});
