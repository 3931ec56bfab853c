import type { JsonRpcMessage } from '../../../../../src/core/protocol/json-rpc';
import type { EventStore } from '../../../../../src/core/stores/event-store';
import { encode } from '../../../../../src/protocol/codec';
import { MemoryEventStore } from '../../../../../src/state/memory/memory-event-store';
import type { SseStream } from '../../../../../src/transports/http/sse-stream';
import { EventChannel } from '../../../../../src/transports/http/streamable/event-channel';

const progress: JsonRpcMessage = { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } };

/** A store whose writes fail, as a Redis that went away does. */
const failingStore: EventStore = {
  append: () => Promise.reject(new Error('store down')),
  replayAfter: () => Promise.reject(new Error('store down')),
  primingId: (streamId) => `${streamId}_0`,
};

describe('an event channel whose store fails', () => {
  it('never rejects, reports each fault, and keeps working after one', async () => {
    const faults: string[] = [];
    const channel = new EventChannel('s.0', failingStore, (what) => faults.push(what));
    await expect(channel.deliver(progress)).resolves.toBeUndefined();
    await expect(channel.deliver(progress)).resolves.toBeUndefined();
    await expect(channel.end()).resolves.toBeUndefined();
    expect(faults).toHaveLength(2);
    expect(faults[0]).toMatch(/could not log an event of stream s\.0/);
  });
});

describe('an event channel delivering to a stream', () => {
  it('serialises each message once, for the log and the stream alike', async () => {
    let serialised = 0;
    const params = {
      progress: 1,
      toJSON: () => {
        serialised++;
        return { progress: 1 };
      },
    };
    const message = { jsonrpc: '2.0', method: 'notifications/progress', params } as unknown as JsonRpcMessage;
    const sent: string[] = [];
    const stream = {
      isClosed: false,
      send: () => true,
      sendMessage: (m: JsonRpcMessage, id?: string) => stream.sendText(encode(m), id),
      sendText: (text: string | undefined, id?: string) => {
        sent.push(`${id} ${text}`);
        return text !== undefined;
      },
      onClose: () => undefined,
      end: () => undefined,
    };
    const store = new MemoryEventStore();
    const channel = new EventChannel('s.1', store);
    channel.open(stream as unknown as SseStream);
    await channel.deliver(message);
    expect(serialised).toBe(1);
    expect(sent).toEqual(['s.1_1 {"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}']);
    const replayed: string[] = [];
    await store.replayAfter('s.1_0', (id, m) => void replayed.push(`${id} ${JSON.stringify(m)}`));
    expect(replayed).toEqual(sent);
  });
});

describe('an event channel on an in-memory store', () => {
  it('delivers and ends an answer at once, in order, with nothing queued', () => {
    const calls: string[] = [];
    const stream = {
      isClosed: false,
      send: () => true,
      sendText: (text: string | undefined, id?: string) => {
        calls.push(`${id} ${text}`);
        return true;
      },
      onClose: () => undefined,
      end: () => {
        calls.push('end');
      },
    };
    const channel = new EventChannel('s.2', new MemoryEventStore());
    channel.open(stream as unknown as SseStream);
    void channel.deliver(progress);
    void channel.deliver(progress);
    void channel.end();
    const text = '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}';
    expect(calls).toEqual([`s.2_1 ${text}`, `s.2_2 ${text}`, 'end']);
  });

  it('keeps order behind a step still running', async () => {
    const calls: string[] = [];
    const stream = {
      isClosed: false,
      send: () => true,
      sendText: (_text: string | undefined, id?: string) => {
        calls.push(`${id}`);
        return true;
      },
      sendMessage: (_message: JsonRpcMessage, id?: string) => {
        calls.push(`${id}`);
        return true;
      },
      onClose: () => undefined,
      end: () => {
        calls.push('end');
      },
    };
    const store = new MemoryEventStore();
    const channel = new EventChannel('s.3', store);
    channel.open(stream as unknown as SseStream);
    await channel.deliver(progress);
    // A resume is asynchronous (the store replays): what follows it waits for it.
    const resumed = channel.resume(stream as unknown as SseStream, 's.3_0');
    void channel.deliver(progress);
    const ended = channel.end();
    expect(calls).not.toContain('end');
    await resumed;
    await ended;
    expect(calls).toEqual(['s.3_1', 's.3_1', 's.3_2', 'end']);
  });
});
