import type { Redis } from 'ioredis';
import type { BusEvent, MessageBus } from '../../../src/core/stores/message-bus';
import { connectRedis, createRedisClient } from '../../../src/state/redis/redis-connection';
import { RedisMessageBus } from '../../../src/state/redis/redis-message-bus';
import { quiet, REDIS_URL, redisSandbox } from './redis-fixture';

/** Resolves with the next `count` events a bus hands its listeners. */
function nextEvents(bus: MessageBus, count: number): Promise<BusEvent[]> {
  return new Promise((resolve) => {
    const seen: BusEvent[] = [];
    const stop = bus.subscribe((event) => {
      seen.push(event);
      if (seen.length === count) {
        stop();
        resolve(seen);
      }
    });
  });
}

/** Every event instances exchange, one of each kind. */
const everyKind: BusEvent[] = [
  { type: 'list_changed', list: 'tools' },
  { type: 'resource_updated', uri: 'notes://1' },
  { type: 'elicitation_complete', elicitationId: 'el-1' },
  { type: 'task_status', owner: 'principal:alice', detail: { taskId: 't1', status: 'working' } },
  { type: 'client_response', sessionId: 's1', response: { jsonrpc: '2.0', id: 7, result: { action: 'accept' } } },
  { type: 'request_cancelled', sessionId: 's1', requestId: 'r-3', reason: 'user pressed stop' },
  { type: 'task_cancel', taskId: 't1', reason: 'tasks/cancel' },
  { type: 'task_input', taskId: 't1', responses: { ask: { action: 'accept', content: { ok: true } } } },
  { type: 'session_message', sessionId: 's1', message: { jsonrpc: '2.0', method: 'notifications/tools/list_changed' } },
  {
    type: 'stream_event',
    streamId: 'post-1',
    eventId: 'post-1_1-0',
    message: { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } },
  },
  { type: 'stream_end', streamId: 'post-1' },
  { type: 'session_ended', sessionId: 's1', reason: 'the client ended the session' },
  { type: 'session_changed', sessionId: 's1' },
];

describe('RedisMessageBus', () => {
  const redis = redisSandbox();
  afterAll(() => redis.cleanup());

  it('carries every kind of event to the other instances, in order, as it was published', async () => {
    const a = await redis.state();
    const b = await redis.state();
    const c = await redis.state();
    const atB = nextEvents(b.bus, everyKind.length);
    const atC = nextEvents(c.bus, everyKind.length);
    for (const event of everyKind) a.bus.publish(event);
    expect(await atB).toEqual(everyKind);
    expect(await atC).toEqual(everyKind);
  });

  it("hands the publisher's own listeners each event once, at once", async () => {
    const a = await redis.state();
    const b = await redis.state();
    const seen: BusEvent[] = [];
    a.bus.subscribe((event) => seen.push(event));
    const atB = nextEvents(b.bus, 2);
    a.bus.publish({ type: 'resource_updated', uri: 'notes://first' });
    expect(seen).toEqual([{ type: 'resource_updated', uri: 'notes://first' }]);
    a.bus.publish({ type: 'resource_updated', uri: 'notes://second' });
    // Once B has both, A's own copies have been through Redis too and were not handed out again.
    await atB;
    expect(seen.map((event) => (event as { uri: string }).uri)).toEqual(['notes://first', 'notes://second']);
  });

  it('does not mix applications that share one Redis under different prefixes', async () => {
    const other = redisSandbox();
    const mine = await redis.state();
    const theirs = await other.state();
    const seenByThem: BusEvent[] = [];
    theirs.bus.subscribe((event) => seenByThem.push(event));
    const atMine = nextEvents(mine.bus, 1);
    const peer = await redis.state();
    peer.bus.publish({ type: 'list_changed', list: 'prompts' });
    await atMine;
    // A marker published after it on their own bus arrives: had ours leaked, it would be first.
    const marker = nextEvents(theirs.bus, 1);
    (await other.state()).bus.publish({ type: 'list_changed', list: 'resources' });
    await marker;
    expect(seenByThem).toEqual([{ type: 'list_changed', list: 'resources' }]);
    await other.cleanup();
  });
});

describe('RedisMessageBus: knowing what it may have missed', () => {
  const redis = redisSandbox();
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis.cleanup();
  });

  /** A bus on connections of the test's own, so one of them can be cut. */
  async function bus(): Promise<{ bus: RedisMessageBus; publisher: Redis; subscriber: Redis }> {
    const publisher = createRedisClient({ url: REDIS_URL }, quiet(), 'state');
    const subscriber = createRedisClient({ url: REDIS_URL }, quiet(), 'bus');
    clients.push(publisher, subscriber);
    await connectRedis(publisher, REDIS_URL);
    await connectRedis(subscriber, REDIS_URL);
    const started = new RedisMessageBus(publisher, subscriber, redis.prefix, quiet());
    await started.start();
    return { bus: started, publisher, subscriber };
  }

  /** Resolves once the connection has dropped and come back, listening again on a new stretch. */
  async function cutAndListenAgain(instance: { bus: RedisMessageBus; subscriber: Redis }): Promise<void> {
    if (redis.raw.status === 'wait') await redis.raw.connect();
    const closed = new Promise((resolve) => instance.subscriber.once('close', resolve));
    const before = instance.bus.hearing();
    // Redis drops the connection, as a restart or a network fault would.
    const { localAddress, localPort } = instance.subscriber.stream;
    await redis.raw.client('KILL', 'ADDR', `${localAddress}:${localPort}`);
    await closed;
    expect(instance.bus.hearing()).toBeUndefined();
    await new Promise<void>((resolve) => {
      const check = () => {
        const now = instance.bus.hearing();
        if (now !== undefined && now !== before) resolve();
        else setTimeout(check, 10);
      };
      check();
    });
  }

  it('names a stretch of listening once started, and a new one after its connection dropped and came back', async () => {
    const a = await bus();
    const b = await bus();
    const first = a.bus.hearing();
    expect(first).toEqual(expect.any(Number));
    await cutAndListenAgain(a);
    expect(a.bus.hearing()).not.toBe(first);
    // From the new stretch on, nothing is missed.
    const heard = nextEvents(a.bus, 1);
    b.bus.publish({ type: 'session_changed', sessionId: 'after-the-cut' });
    expect(await heard).toEqual([{ type: 'session_changed', sessionId: 'after-the-cut' }]);
  });

  it('confirms a publication once Redis took it, and fails it when Redis cannot be reached', async () => {
    const a = await bus();
    const b = await bus();
    const atB = nextEvents(b.bus, 1);
    await a.bus.publishConfirmed({ type: 'session_changed', sessionId: 'confirmed' });
    expect(await atB).toEqual([{ type: 'session_changed', sessionId: 'confirmed' }]);
    a.publisher.disconnect();
    await expect(a.bus.publishConfirmed({ type: 'session_changed', sessionId: 'lost' })).rejects.toThrow(
      /isn't writeable/,
    );
  });
});
