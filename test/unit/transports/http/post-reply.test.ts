import { EventEmitter, once } from 'node:events';
import type Koa from 'koa';
import { Logger } from '../../../../src/core/logging/logger';
import { notification, success } from '../../../../src/core/protocol/json-rpc';
import { MemoryEventStore } from '../../../../src/state/memory/memory-event-store';
import { HttpServer } from '../../../../src/transports/http/http-server';
import { SseStream } from '../../../../src/transports/http/sse-stream';
import { EventChannel } from '../../../../src/transports/http/streamable/event-channel';
import { PostReply } from '../../../../src/transports/http/streamable/post-reply';

/**
 * A handler may close its request's stream mid-call (what the conformance tool test_reconnection
 * asks for): the client resumes with Last-Event-ID and receives the rest, result included.
 */
describe('PostReply.closeStream', () => {
  const store = new MemoryEventStore();
  const channel = new EventChannel('call-1', store);
  let http: HttpServer;
  let base: string;
  let finishCall!: () => Promise<void>;
  /** Tells when a resumed GET has taken the stream over. */
  const resumes = new EventEmitter();

  beforeAll(async () => {
    http = new HttpServer({ port: 0 }, new Logger('test', 'silent'));
    http.router.post('/call', (ctx: Koa.Context) => {
      const reply = new PostReply({
        ctx,
        server: http,
        mode: 'auto',
        headers: {},
        openChannel: () => channel,
        priming: { retryMs: 500 },
      });
      reply.send(notification('notifications/progress', { progressToken: 1, progress: 1 }));
      reply.closeStream();
      reply.send(notification('notifications/progress', { progressToken: 1, progress: 2 }));
      finishCall = () => reply.finish(success(1, { done: true }));
    });
    http.router.get('/resume', async (ctx: Koa.Context) => {
      await channel.resume(new SseStream(ctx, { keepAliveMs: 0 }), ctx.get('last-event-id'));
      resumes.emit('attached');
    });
    await http.listen();
    base = http.origin;
  });
  afterAll(() => http.close(async () => undefined));

  it('ends the response after what was sent, and the resumed GET carries the rest', async () => {
    const first = await (await fetch(`${base}/call`, { method: 'POST' })).text();
    expect(first).toBe(
      'id: call-1_0\nretry: 500\ndata: \n\n' +
        'event: message\nid: call-1_1\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n\n',
    );
    const attached = once(resumes, 'attached');
    const resumed = fetch(`${base}/resume`, { headers: { 'last-event-id': 'call-1_1' } }).then((r) => r.text());
    await attached;
    await finishCall();
    const rest = await resumed;
    expect(rest.match(/^id: .*$/gm)).toEqual(['id: call-1_2', 'id: call-1_3']);
    expect(rest).toContain('"progress":2');
    expect(rest).toContain('"result":{"done":true}');
  });
});
