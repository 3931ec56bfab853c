import { EventEmitter, once } from 'node:events';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import type Koa from 'koa';
import { Logger } from '../../../../src/core/logging/logger';
import { notification, success } from '../../../../src/core/protocol/json-rpc';
import { MemoryEventStore } from '../../../../src/state/memory/memory-event-store';
import { HttpServer } from '../../../../src/transports/http/http-server';
import { SseStream } from '../../../../src/transports/http/sse-stream';
import { EventChannel } from '../../../../src/transports/http/streamable/event-channel';
import { PostReply } from '../../../../src/transports/http/streamable/post-reply';

/**
 * Counts the writes a socket hands to the kernel from now on: one `_write` or `_writev` per flush
 * of its buffer (a corked socket hands over everything buffered in one `_writev`).
 */
function countWrites(socket: Socket): () => number {
  let writes = 0;
  const inner = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  for (const name of ['_write', '_writev'] as const) {
    const original = inner[name];
    inner[name] = function (this: unknown, ...args: unknown[]) {
      writes++;
      return original.apply(this, args);
    };
  }
  return () => writes;
}

/** The next turn of the event loop: whatever a stream flushes at the end of this one has left. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A GET on a fresh connection: resolves with the response once its headers are in. */
function get(url: string): Promise<import('node:http').IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function readAll(res: import('node:http').IncomingMessage): Promise<string> {
  let text = '';
  res.setEncoding('utf8');
  for await (const chunk of res) text += chunk;
  return text;
}

/** Reads `res` until its text contains `wanted`. */
function readUntil(res: import('node:http').IncomingMessage, wanted: string): Promise<string> {
  let text = '';
  res.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    const read = (chunk: string) => {
      text += chunk;
      if (!text.includes(wanted)) return;
      res.off('data', read);
      resolve(text);
    };
    res.on('data', read);
    res.on('error', reject);
  });
}

describe('SseStream', () => {
  let http: HttpServer;
  let base: string;
  /** Socket writes of the last response, by route, once it finished. */
  const writes = new Map<string, number>();
  const routes = new EventEmitter();
  let held: SseStream | undefined;

  beforeAll(async () => {
    http = new HttpServer({ port: 0 }, new Logger('test', 'silent'));
    const route = (path: string, handle: (ctx: Koa.Context) => void | Promise<void>) => {
      http.router.all(path, async (ctx: Koa.Context) => {
        const count = countWrites(ctx.socket);
        ctx.res.on('finish', () => {
          writes.set(path, count());
          routes.emit(path);
        });
        await handle(ctx);
      });
    };
    route('/answer', (ctx) => {
      const stream = new SseStream(ctx, { keepAliveMs: 0 }, { 'Mcp-Session-Id': 's-1' });
      stream.send({ id: 'p', data: '', retry: 500 });
      stream.sendMessage(success(1, { ok: true }), 'm');
      stream.end();
    });
    route('/late-answer', async (ctx) => {
      const stream = new SseStream(ctx, { keepAliveMs: 0 });
      stream.send({ id: 'p', data: '', retry: 500 });
      await nextTurn();
      stream.sendMessage(success(1, { ok: true }));
      stream.end();
    });
    route('/held', (ctx) => {
      held = new SseStream(ctx, { keepAliveMs: 0 });
      routes.emit('held');
    });
    route('/keep-alive', (ctx) => {
      held = new SseStream(ctx, { keepAliveMs: 1 });
    });
    route('/destroyed', (ctx) => {
      const stream = new SseStream(ctx, { keepAliveMs: 0 });
      stream.send({ data: 'never sent' });
      ctx.res.destroy();
      // Nothing written after the response is gone throws or is taken, now, at the flush, or after close.
      const afterDestroy = stream.send({ data: 'dropped' });
      stream.onClose(() => {
        stream.end();
        routes.emit('destroyed', { afterDestroy, afterClose: stream.send({ data: 'dropped' }) });
      });
    });
    const store = new MemoryEventStore();
    let calls = 0;
    route('/post-reply', async (ctx) => {
      const reply = new PostReply({
        ctx,
        server: http,
        mode: 'sse',
        headers: {},
        openChannel: () => new EventChannel(`call-${++calls}`, store),
        priming: { retryMs: 500 },
      });
      reply.send(notification('notifications/progress', { progressToken: 1, progress: 1 }));
      await reply.finish(success(1, { done: true }));
    });
    await http.listen();
    base = http.origin;
  });
  afterAll(() => http.close(async () => undefined));

  it('writes an answer ready within its turn (headers, priming, message, end) in one socket write', async () => {
    const res = await get(`${base}/answer`);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers['mcp-session-id']).toBe('s-1');
    expect(res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(await readAll(res)).toBe(
      'id: p\nretry: 500\ndata: \n\nevent: message\nid: m\ndata: {"jsonrpc":"2.0","id":1,"result":{"ok":true}}\n\n',
    );
    expect(writes.get('/answer')).toBe(1);
  });

  it('sends what a turn wrote at its end, and the rest with the end', async () => {
    const text = await readAll(await get(`${base}/late-answer`));
    expect(text).toBe(
      'id: p\nretry: 500\ndata: \n\nevent: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"ok":true}}\n\n',
    );
    expect(writes.get('/late-answer')).toBe(2);
  });

  it('sends the headers of a stream with nothing to say yet within the turn', async () => {
    const opened = once(routes, 'held');
    const res = await get(`${base}/held`);
    await opened;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    const stream = held as SseStream;
    // Events written in one turn on a long-lived stream share a write, even from separate callbacks
    // of that turn (as answers to many requests in flight are), between which Node uncorks a socket.
    const reading = readUntil(res, 'data: three');
    for (const data of ['one', 'two\nlines', 'three']) setImmediate(() => stream.send({ data }));
    // Data of several lines is one `data:` line each.
    expect(await reading).toBe('data: one\n\ndata: two\ndata: lines\n\ndata: three\n\n');
    const finished = once(routes, '/held');
    stream.end();
    await finished;
    // The headers, one write for the three events, the end.
    expect(writes.get('/held')).toBe(3);
  });

  it('still sends keep-alive comments on an idle stream', async () => {
    const res = await get(`${base}/keep-alive`);
    expect(await readUntil(res, ': keep-alive\n\n')).toMatch(/^(: keep-alive\n\n)+$/);
    res.destroy();
    const stream = held as SseStream;
    if (!stream.isClosed) await new Promise<void>((resolve) => stream.onClose(resolve));
    expect(stream.send({ data: 'late' })).toBe(false);
  });

  it('never throws on a destroyed response, at once or at the flush', async () => {
    const closed = once(routes, 'destroyed');
    // The client sees a reset (or, had the headers left before, a cut body): either way, no answer.
    await get(`${base}/destroyed`)
      .then(readAll, () => undefined)
      .catch(() => undefined);
    expect(await closed).toEqual([{ afterDestroy: false, afterClose: false }]);
  });

  it('writes a resumable POST answer ready within its turn in one socket write', async () => {
    const text = await readAll(await get(`${base}/post-reply`));
    expect(text).toBe(
      'id: call-1_0\nretry: 500\ndata: \n\n' +
        'event: message\nid: call-1_1\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}\n\n' +
        'event: message\nid: call-1_2\ndata: {"jsonrpc":"2.0","id":1,"result":{"done":true}}\n\n',
    );
    expect(writes.get('/post-reply')).toBe(1);
  });
});
