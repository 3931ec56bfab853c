import type { JsonRpcMessage } from '../../../../../src/core/protocol/json-rpc';
import type { EventStore } from '../../../../../src/core/stores/event-store';
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
