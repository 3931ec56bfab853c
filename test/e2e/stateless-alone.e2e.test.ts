import { EventEmitter, once } from 'node:events';
import { type BusEvent, MemoryMessageBus } from '../../src';
import {
  connectStatelessHttpPeer,
  type HttpPeer,
  type HttpServerUnderTest,
  serveConformance,
} from './support/http-peers';

jest.setTimeout(20_000);

/** The in-memory bus, noting its subscriptions: a connection built per request would make one each time. */
class WatchedBus extends MemoryMessageBus {
  /** Subscriptions made so far. */
  made = 0;
  /** Subscriptions still open. */
  subscribers = 0;
  /** Emits `change` whenever a listener comes or goes. */
  readonly changes = new EventEmitter();

  override subscribe(listener: (event: BusEvent) => void): () => void {
    this.made++;
    this.subscribers++;
    this.changes.emit('change');
    const unsubscribe = super.subscribe(listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.subscribers--;
      unsubscribe();
      this.changes.emit('change');
    };
  }

  /** Resolves once the bus has `count` open subscriptions. */
  async until(count: number): Promise<void> {
    while (this.subscribers !== count) await once(this.changes, 'change');
  }
}

/**
 * A 2026-07-28 request carries everything it needs in its envelope, so streamable HTTP serves it
 * alone: no connection, no session-shaped state, nothing on the bus unless the method itself
 * listens there (subscriptions/listen).
 */
describe('2026-07-28 over streamable HTTP, each request served alone', () => {
  const bus = new WatchedBus();
  let server: HttpServerUnderTest;
  let client: HttpPeer;

  beforeAll(async () => {
    server = await serveConformance({ transport: 'streamable-http' }, { bus });
    client = await connectStatelessHttpPeer(server.url);
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('answers calls, and multi round-trip input, without subscribing to the bus', async () => {
    const before = bus.made;
    const simple = await client.callTool('test_simple_text');
    expect(simple.content[0].text).toBe('This is a simple text response for testing.');
    const elicited = await client.callTool('test_elicitation', { message: 'Who are you?' });
    expect(JSON.stringify(elicited.content)).toContain('ada');
    expect(client.asked.map((a) => a.method)).toContain('elicitation/create');
    await client.listTools();
    expect(bus.made).toBe(before);
  });

  it('listens on the bus only while a subscriptions/listen is open', async () => {
    const before = bus.subscribers;
    const made = bus.made;
    const watch = await client.watchTools();
    expect(bus.subscribers).toBe(before + 1);
    expect(bus.made).toBe(made + 1);
    await watch.stop();
    // The server ends the listen when it sees the client's stream close.
    await bus.until(before);
  });
});
