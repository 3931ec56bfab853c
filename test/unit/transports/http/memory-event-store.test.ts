import type { JsonRpcMessage } from '../../../../src/core/protocol/json-rpc';
import { MemoryEventStore } from '../../../../src/state/memory/memory-event-store';

const note = (n: number): JsonRpcMessage => ({ jsonrpc: '2.0', method: 'notifications/progress', params: { n } });

async function replay(store: MemoryEventStore, lastEventId: string) {
  const sent: [string, JsonRpcMessage][] = [];
  const streamId = await store.replayAfter(lastEventId, (id, message) => {
    sent.push([id, message]);
  });
  return { streamId, sent };
}

describe('MemoryEventStore', () => {
  it('numbers events per stream and replays only the later events of that stream', async () => {
    const store = new MemoryEventStore();
    const first = await store.append('a', note(1));
    await store.append('b', note(99));
    await store.append('a', note(2));
    await store.append('a', note(3));
    const { streamId, sent } = await replay(store, first);
    expect(streamId).toBe('a');
    expect(sent).toEqual([
      ['a_2', note(2)],
      ['a_3', note(3)],
    ]);
  });

  it('replays a whole stream after its priming id, even one that sent nothing yet', async () => {
    const store = new MemoryEventStore();
    expect(await replay(store, store.primingId('quiet'))).toEqual({ streamId: 'quiet', sent: [] });
    await store.append('s', note(1));
    expect((await replay(store, store.primingId('s'))).sent).toHaveLength(1);
  });

  it('does not know forged or future ids', async () => {
    const store = new MemoryEventStore();
    await store.append('a', note(1));
    expect((await replay(store, 'nonsense')).streamId).toBeUndefined();
    expect((await replay(store, 'a_7')).streamId).toBeUndefined();
    expect((await replay(store, 'zz_1')).streamId).toBeUndefined();
  });

  it('keeps at most maxEventsPerStream events, dropping the oldest', async () => {
    const store = new MemoryEventStore({ maxEventsPerStream: 2 });
    for (let n = 1; n <= 4; n++) await store.append('a', note(n));
    const { sent } = await replay(store, store.primingId('a'));
    expect(sent.map(([id]) => id)).toEqual(['a_3', 'a_4']);
  });

  it('keeps at most maxStreams streams, dropping the least recently written', async () => {
    const store = new MemoryEventStore({ maxStreams: 2 });
    await store.append('a', note(1));
    await store.append('b', note(1));
    await store.append('a', note(2));
    await store.append('c', note(1));
    expect(store.size).toBe(2);
    expect((await replay(store, 'b_1')).streamId).toBeUndefined();
    expect((await replay(store, 'a_1')).streamId).toBe('a');
  });

  it('keeps dropping by last write while streams come, go and are forgotten', async () => {
    const store = new MemoryEventStore({ maxStreams: 3 });
    for (const id of ['a', 'b', 'c']) await store.append(id, note(1));
    await store.forget(['b']);
    await store.append('a', note(2)); // a is now the most recently written
    await store.append('d', note(1));
    await store.append('e', note(1)); // full: c goes, the least recently written
    const kept = async (id: string) => (await replay(store, `${id}_1`)).streamId === id;
    expect(await Promise.all(['a', 'b', 'c', 'd', 'e'].map(kept))).toEqual([true, false, false, true, true]);
    // A full store that gets a new stream for every answer (one per SSE POST) keeps the newest.
    for (let n = 0; n < 5000; n++) await store.append(`s${n}`, note(n));
    expect(store.size).toBe(3);
    expect(await Promise.all(['s4997', 's4998', 's4999', 's4996', 'a'].map(kept))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('MemoryEventStore bounded in bytes', () => {
  const sized = (bytes: number): JsonRpcMessage => ({
    jsonrpc: '2.0',
    method: 'notifications/message',
    params: { data: 'x'.repeat(bytes) },
  });

  it('drops the least recently written streams first when over maxBytes', async () => {
    const store = new MemoryEventStore({ maxBytes: 3000 });
    await store.append('old', sized(1000));
    await store.append('mid', sized(1000));
    await store.append('new', sized(1000));
    expect(store.bytes).toBeLessThanOrEqual(3000);
    expect((await replay(store, store.primingId('old'))).streamId).toBe('old');
    expect((await replay(store, 'old_1')).streamId).toBeUndefined();
    expect((await replay(store, store.primingId('new'))).sent).toHaveLength(1);
  });

  it('drops the oldest events of a stream that alone exceeds maxBytes, keeping its newest', async () => {
    const store = new MemoryEventStore({ maxBytes: 2500 });
    for (let n = 0; n < 5; n++) await store.append('big', sized(1000));
    expect(store.bytes).toBeLessThanOrEqual(2500);
    const { sent } = await replay(store, store.primingId('big'));
    expect(sent.map(([id]) => id)).toEqual(['big_4', 'big_5']);
  });

  it('forgets streams on request, and their bytes with them', async () => {
    const store = new MemoryEventStore();
    await store.append('s.0', sized(100));
    await store.append('s.1', sized(100));
    await store.append('t.0', sized(100));
    await store.forget(['s.0', 's.1', 's.9']);
    expect(store.size).toBe(1);
    expect((await replay(store, 's.0_1')).streamId).toBeUndefined();
    expect((await replay(store, 't.0_0')).sent).toHaveLength(1);
  });
});
