import type { SessionRecord, SessionStore } from '../../../src/core/stores/session-store';
import { MemorySessionStore } from '../../../src/state/memory/memory-session-store';
import { redisSandbox } from './redis-fixture';

const record = (id: string): SessionRecord => ({
  id,
  protocolVersion: '2025-11-25',
  clientInfo: { name: 'inspector', version: '1.2.0' },
  clientCapabilities: { roots: { listChanged: true }, elicitation: { form: {} } },
  principal: 'alice',
  initialized: false,
  subscriptions: [],
  elicitations: [],
  ttlMs: 60_000,
});

/** What every SessionStore does, whatever holds the sessions. */
function behavesAsASessionStore(open: () => Promise<SessionStore>) {
  let store: SessionStore;
  beforeEach(async () => {
    store = await open();
  });

  it('gives back exactly the record it was given, as plain data', async () => {
    await store.create(record('s1'));
    expect(await store.get('s1')).toEqual(record('s1'));
    expect(await store.get('unknown')).toBeUndefined();
  });

  it('applies changes field by field, so two instances never overwrite each other', async () => {
    await store.create(record('s2'));
    await store.update('s2', { initialized: true, subscribe: ['file:///a', 'file:///b'] });
    await store.update('s2', { logLevel: 'warning', addElicitations: ['e1'], unsubscribe: ['file:///a'] });
    await store.update('s2', { roots: { roots: [{ uri: 'file:///home' }] } });
    expect(await store.get('s2')).toEqual({
      ...record('s2'),
      initialized: true,
      logLevel: 'warning',
      subscriptions: ['file:///b'],
      elicitations: ['e1'],
      roots: { roots: [{ uri: 'file:///home' }] },
    });
    await store.update('s2', { roots: null, removeElicitations: ['e1'] });
    const after = await store.get('s2');
    expect(after?.roots).toBeUndefined();
    expect(after?.elicitations).toEqual([]);
  });

  it('says whether a session exists, and a deleted one does not', async () => {
    await store.create(record('s4'));
    expect(await store.has('s4')).toBe(true);
    expect(await store.has('unknown')).toBe(false);
    await store.delete('s4');
    expect(await store.has('s4')).toBe(false);
  });

  it('ends a deleted session for every later read and refuses changes to it', async () => {
    await store.create(record('s3'));
    expect(await store.delete('s3')).toBe(true);
    expect(await store.get('s3')).toBeUndefined();
    expect(await store.update('s3', { initialized: true })).toBe(false);
    expect(await store.get('s3')).toBeUndefined();
    expect(await store.delete('s3')).toBe(false);
  });
}

describe('MemorySessionStore', () => {
  let now = 0;
  behavesAsASessionStore(async () => new MemorySessionStore(() => now));

  it('slides the TTL on every read and change, and forgets a session unused for its TTL', async () => {
    const store = new MemorySessionStore(() => now);
    now = 1_000;
    await store.create(record('a'));
    now += 59_000;
    expect(await store.get('a')).toBeDefined();
    now += 59_000;
    expect(await store.update('a', { initialized: true })).toBe(true);
    now += 59_000;
    // Asking whether it exists does not keep it alive.
    expect(await store.has('a')).toBe(true);
    now += 1_000;
    expect(await store.has('a')).toBe(false);
    expect(await store.get('a')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('shares the frozen client info and capabilities with its readers, and gives each its own lists', async () => {
    const store = new MemorySessionStore(() => now);
    await store.create(record('shared'));
    const [a, b] = [await store.get('shared'), await store.get('shared')];
    expect(a?.clientCapabilities).toBe(b?.clientCapabilities);
    expect(a?.clientInfo).toBe(b?.clientInfo);
    expect(Object.isFrozen(a?.clientCapabilities)).toBe(true);
    a?.subscriptions.push('file:///mine');
    expect((await store.get('shared'))?.subscriptions).toEqual([]);
    await store.update('shared', { roots: { roots: [{ uri: 'file:///home' }] } });
    const roots = (await store.get('shared'))?.roots as { roots: unknown[] };
    roots.roots.push({ uri: 'file:///changed' });
    expect((await store.get('shared'))?.roots).toEqual({ roots: [{ uri: 'file:///home' }] });
  });

  it('drops every expired session when asked about any session, not only when one is created', async () => {
    const store = new MemorySessionStore(() => now);
    now = 1_000;
    for (const id of ['x', 'y', 'z']) await store.create(record(id));
    now += 60_000;
    expect(await store.has('unknown')).toBe(false);
    expect(store.size).toBe(0);
  });
});

describe('RedisSessionStore', () => {
  const redis = redisSandbox();
  afterAll(() => redis.cleanup());
  behavesAsASessionStore(async () => (await redis.state()).sessions);

  it('keeps a session as one hash that expires after its TTL, slid by every read and change', async () => {
    const { sessions } = await redis.state();
    await sessions.create(record('ttl'));
    const key = `${redis.prefix}session:ttl`;
    expect(await redis.raw.pttl(key)).toBeGreaterThan(59_000);
    await redis.raw.pexpire(key, 1_000);
    await sessions.get('ttl');
    expect(await redis.raw.pttl(key)).toBeGreaterThan(59_000);
    await redis.raw.pexpire(key, 1_000);
    await sessions.update('ttl', { logLevel: 'info' });
    expect(await redis.raw.pttl(key)).toBeGreaterThan(59_000);
    await redis.raw.pexpire(key, 1_000);
    expect(await sessions.has('ttl')).toBe(true);
    expect(await redis.raw.pttl(key)).toBeLessThanOrEqual(1_000);
    // What Redis does when the TTL runs out: the key is gone, and so is the session.
    await redis.raw.pexpireat(key, Date.now() - 1);
    expect(await sessions.get('ttl')).toBeUndefined();
    expect(await sessions.update('ttl', { initialized: true })).toBe(false);
    expect(await redis.raw.exists(key)).toBe(0);
  });

  it('shows one instance what another changed', async () => {
    const a = await redis.state();
    const b = await redis.state();
    await a.sessions.create(record('shared'));
    await b.sessions.update('shared', { initialized: true, subscribe: ['file:///x'] });
    await a.sessions.update('shared', { subscribe: ['file:///y'] });
    expect((await b.sessions.get('shared'))?.subscriptions.sort()).toEqual(['file:///x', 'file:///y']);
    await b.sessions.delete('shared');
    expect(await a.sessions.get('shared')).toBeUndefined();
  });
});
