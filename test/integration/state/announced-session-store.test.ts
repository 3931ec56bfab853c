import { Logger } from '../../../src/core/logging/logger';
import type { BusEvent, MessageBus } from '../../../src/core/stores/message-bus';
import type { SessionRecord, SessionStore } from '../../../src/core/stores/session-store';
import { MemoryMessageBus } from '../../../src/state/memory/memory-message-bus';
import { MemorySessionStore } from '../../../src/state/memory/memory-session-store';
import { connectRedis, createRedisClient } from '../../../src/state/redis/redis-connection';
import { RedisMessageBus } from '../../../src/state/redis/redis-message-bus';
import { AnnouncedSessionStore } from '../../../src/transports/http/streamable/announced-session-store';
import { quiet, REDIS_URL, redisSandbox } from './redis-fixture';

const record = (id: string): SessionRecord => ({
  id,
  protocolVersion: '2025-11-25',
  clientCapabilities: {},
  initialized: true,
  subscriptions: [],
  elicitations: [],
  ttlMs: 60_000,
});

/** Two instances sharing one session store and bus, each using the store as its views do. */
interface Pair {
  a: { sessions: SessionStore; bus: MessageBus };
  b: { sessions: SessionStore; bus: MessageBus };
}

const logger = new Logger('test', 'silent');
const announced = (sessions: SessionStore, bus: MessageBus) => ({
  sessions: new AnnouncedSessionStore(sessions, bus, logger),
  bus,
});

/** The session events `bus` hands its listeners, until `until` is among them. */
function sessionEventsUntil(bus: MessageBus, until: (event: BusEvent) => boolean): Promise<BusEvent[]> {
  return new Promise((resolve) => {
    const seen: BusEvent[] = [];
    const stop = bus.subscribe((event) => {
      if (event.type === 'session_changed' || event.type === 'list_changed') seen.push(event);
      if (until(event)) {
        stop();
        resolve(seen);
      }
    });
  });
}

const marker: BusEvent = { type: 'list_changed', list: 'tools' };

function announcesChanges(open: () => Promise<Pair>) {
  it('announces a stored change to every instance, which then reads the change from the store', async () => {
    const { a, b } = await open();
    await a.sessions.create(record('changed'));
    const heard = new Promise<SessionRecord | undefined>((resolve) => {
      const stop = b.bus.subscribe((event) => {
        if (event.type !== 'session_changed' || event.sessionId !== 'changed') return;
        stop();
        resolve(b.sessions.get('changed'));
      });
    });
    expect(await a.sessions.update('changed', { logLevel: 'debug', subscribe: ['notes://1'] })).toBe(true);
    expect(await heard).toEqual(expect.objectContaining({ logLevel: 'debug', subscriptions: ['notes://1'] }));
  });

  it('announces nothing when the session is gone, and nothing for reads, creations or deletions', async () => {
    const { a, b } = await open();
    const seen = sessionEventsUntil(b.bus, (event) => event.type === 'list_changed');
    await a.sessions.create(record('quiet'));
    await a.sessions.get('quiet');
    await a.sessions.has('quiet');
    await a.sessions.delete('quiet');
    expect(await a.sessions.update('quiet', { initialized: false })).toBe(false);
    a.bus.publish(marker);
    // Had anything been announced, it would have arrived before the marker published after it.
    expect(await seen).toEqual([marker]);
  });
}

describe('AnnouncedSessionStore on the in-memory store and bus', () => {
  announcesChanges(async () => {
    const sessions = new MemorySessionStore();
    const bus = new MemoryMessageBus();
    return { a: announced(sessions, bus), b: announced(sessions, bus) };
  });
});

describe('AnnouncedSessionStore on Redis', () => {
  const redis = redisSandbox();
  afterAll(() => redis.cleanup());

  announcesChanges(async () => {
    const [a, b] = [await redis.state(), await redis.state()];
    return { a: announced(a.sessions, a.bus), b: announced(b.sessions, b.bus) };
  });

  it('keeps a change it could not announce: it is stored, and views read it once they are due', async () => {
    const publisher = createRedisClient({ url: REDIS_URL }, quiet(), 'state');
    const subscriber = createRedisClient({ url: REDIS_URL }, quiet(), 'bus');
    await connectRedis(publisher, REDIS_URL);
    await connectRedis(subscriber, REDIS_URL);
    const bus = new RedisMessageBus(publisher, subscriber, redis.prefix, quiet());
    await bus.start();
    const sessions = new MemorySessionStore();
    const store = new AnnouncedSessionStore(sessions, bus, logger);
    await store.create(record('unannounced'));
    // The bus's connection is gone: the announcement fails, the change does not.
    publisher.disconnect();
    expect(await store.update('unannounced', { logLevel: 'error' })).toBe(true);
    expect((await sessions.get('unannounced'))?.logLevel).toBe('error');
    subscriber.disconnect();
  });
});
