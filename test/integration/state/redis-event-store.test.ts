import type { JsonRpcMessage } from '../../../src/core/protocol/json-rpc';
import type { EventStore } from '../../../src/core/stores/event-store';
import { redisSandbox } from './redis-fixture';

const note = (n: number): JsonRpcMessage => ({ jsonrpc: '2.0', method: 'notifications/progress', params: { n } });

async function replay(store: EventStore, lastEventId: string) {
  const sent: [string, JsonRpcMessage][] = [];
  const streamId = await store.replayAfter(lastEventId, (id, message) => {
    sent.push([id, message]);
  });
  return { streamId, sent };
}

describe('RedisEventStore', () => {
  const redis = redisSandbox();
  afterAll(() => redis.cleanup());

  it('replays, on another instance, only the later events of the stream an id belongs to', async () => {
    const a = (await redis.state()).events;
    const b = (await redis.state()).events;
    const first = await a.append('s1', note(1));
    await a.append('other', note(99));
    const second = await a.append('s1', note(2));
    const third = await a.append('s1', note(3));
    expect(first.startsWith('s1_')).toBe(true);
    expect(await replay(b, first)).toEqual({
      streamId: 's1',
      sent: [
        [second, note(2)],
        [third, note(3)],
      ],
    });
    expect(await replay(b, third)).toEqual({ streamId: 's1', sent: [] });
  });

  it('replays a whole stream after its priming id, even one that sent nothing yet', async () => {
    const { events } = await redis.state();
    expect(await replay(events, events.primingId('quiet'))).toEqual({ streamId: 'quiet', sent: [] });
    await events.append('primed', note(1));
    expect((await replay(events, events.primingId('primed'))).sent).toEqual([[expect.any(String), note(1)]]);
  });

  it('does not know forged, future or foreign ids', async () => {
    const { events } = await redis.state();
    const real = await events.append('f', note(1));
    const [ms] = real.slice(2).split('-');
    expect((await replay(events, 'nonsense')).streamId).toBeUndefined();
    expect((await replay(events, 'f_abc')).streamId).toBeUndefined();
    expect((await replay(events, `f_${BigInt(ms) + 1000n}-0`)).streamId).toBeUndefined();
    expect((await replay(events, `nostream_${ms}-0`)).streamId).toBeUndefined();
  });

  it('keeps at most maxEventsPerStream events (MAXLEN), dropping the oldest', async () => {
    const { events } = await redis.state({ events: { maxEventsPerStream: 2 } });
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) ids.push(await events.append('bounded', note(n)));
    const { sent } = await replay(events, events.primingId('bounded'));
    expect(sent.map(([id]) => id)).toEqual(ids.slice(2));
    expect(await redis.raw.xlen(`${redis.prefix}events:bounded`)).toBe(2);
  });

  it('forgets the streams of an ended session at once', async () => {
    const { events } = await redis.state();
    const first = await events.append('ended.0', note(1));
    await events.append('ended.1', note(2));
    await events.append('kept.0', note(3));
    await events.forget(['ended.0', 'ended.1']);
    expect((await replay(events, first)).streamId).toBeUndefined();
    expect(await redis.raw.exists(`${redis.prefix}events:ended.0`, `${redis.prefix}events:ended.1`)).toBe(0);
    expect(await redis.raw.exists(`${redis.prefix}events:kept.0`)).toBe(1);
  });

  it('expires a stream that is no longer written to, and slides that on every append', async () => {
    const { events } = await redis.state({ events: { ttlMs: 120_000 } });
    const key = `${redis.prefix}events:expiring`;
    await events.append('expiring', note(1));
    await redis.raw.pexpire(key, 1_000);
    const last = await events.append('expiring', note(2));
    expect(await redis.raw.pttl(key)).toBeGreaterThan(119_000);
    await redis.raw.pexpireat(key, Date.now() - 1);
    expect((await replay(events, last)).streamId).toBeUndefined();
  });
});
