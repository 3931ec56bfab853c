import type { Redis } from 'ioredis';
import type { InstanceRegistry } from '../../../src/core/stores/instance-registry';
import { MemoryInstanceRegistry } from '../../../src/state/memory/memory-instance-registry';
import { connectRedis, createRedisClient } from '../../../src/state/redis/redis-connection';
import { RedisInstanceRegistry } from '../../../src/state/redis/redis-instance-registry';
import { quiet, REDIS_URL, redisSandbox } from './redis-fixture';

/** Resolves once `registry` finds `instanceId` without a heartbeat. */
const gone = (registry: InstanceRegistry, instanceId: string) =>
  new Promise<void>((resolve) => registry.watch(instanceId, resolve));

/** What every registry does, whatever keeps the heartbeats. */
function behavesAsAnInstanceRegistry(open: () => Promise<InstanceRegistry>) {
  let registry: InstanceRegistry;
  beforeEach(async () => {
    registry = await open();
  });

  it('counts itself alive once started, and an instance it never heard of dead', async () => {
    expect(await registry.alive(registry.instanceId)).toBe(true);
    expect(await registry.alive('no-such-instance')).toBe(false);
    await expect(gone(registry, 'no-such-instance')).resolves.toBeUndefined();
  });

  it('records what it holds under its own id, with the detail another instance needs', async () => {
    await registry.hold('stream:s1', { ttlMs: 60_000, detail: { requests: [7, 'b'] } });
    expect(await registry.holderOf('stream:s1')).toEqual({
      instanceId: registry.instanceId,
      detail: { requests: [7, 'b'] },
    });
    expect(await registry.holderOf('stream:unknown')).toBeUndefined();
    await registry.release('stream:s1');
    expect(await registry.holderOf('stream:s1')).toBeUndefined();
  });

  it('takes an exclusive hold it already has again, and holds nothing after it stops', async () => {
    expect(await registry.hold('standalone:a', { ttlMs: 60_000, exclusive: true, renew: true })).toEqual({});
    expect(await registry.hold('standalone:a', { ttlMs: 60_000, exclusive: true, renew: true })).toEqual({});
    await registry.stop();
    expect(await registry.alive(registry.instanceId)).toBe(false);
    expect(await registry.holderOf('standalone:a')).toBeUndefined();
  });
}

describe('MemoryInstanceRegistry', () => {
  behavesAsAnInstanceRegistry(async () => {
    const registry = new MemoryInstanceRegistry();
    await registry.start();
    return registry;
  });
});

describe('RedisInstanceRegistry', () => {
  const redis = redisSandbox();
  const started: RedisInstanceRegistry[] = [];
  const clients: Redis[] = [];
  /** One instance's registry on a connection of its own, as each process has. */
  const instance = async () => {
    const client = createRedisClient({ url: REDIS_URL }, quiet(), 'test');
    clients.push(client);
    await connectRedis(client, REDIS_URL);
    const registry = new RedisInstanceRegistry(client, redis.prefix, quiet());
    await registry.start();
    started.push(registry);
    return { registry, client };
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((registry) => registry.stop()));
    for (const client of clients.splice(0)) client.disconnect();
  });
  afterAll(() => redis.cleanup());

  behavesAsAnInstanceRegistry(async () => (await instance()).registry);

  it('keeps one heartbeat key per instance, expiring after instanceTtlMs', async () => {
    const { registry } = await instance();
    if (redis.raw.status === 'wait') await redis.raw.connect();
    const ttl = await redis.raw.pttl(`${redis.prefix}instance:${registry.instanceId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it('shows a stopped instance dead to the others at once: it deregisters', async () => {
    const [a, b] = [await instance(), await instance()];
    expect(await a.registry.alive(b.registry.instanceId)).toBe(true);
    await b.registry.stop();
    expect(await a.registry.alive(b.registry.instanceId)).toBe(false);
  });

  it('refuses an exclusive hold to another instance while its holder lives, and lets it take over once the holder dies', async () => {
    const [a, b] = [await instance(), await instance()];
    await a.registry.hold('standalone:s', { ttlMs: 60_000, exclusive: true, renew: true });
    expect(await b.registry.hold('standalone:s', { ttlMs: 60_000, exclusive: true })).toEqual({
      refusedBy: a.registry.instanceId,
    });
    // b cannot release what a holds.
    await b.registry.release('standalone:s');
    expect((await b.registry.holderOf('standalone:s'))?.instanceId).toBe(a.registry.instanceId);

    // a dies without a word (its connection cut, as by SIGKILL): b sees its heartbeat expire.
    a.client.disconnect();
    await gone(b.registry, a.registry.instanceId);
    expect(await b.registry.hold('standalone:s', { ttlMs: 60_000, exclusive: true })).toEqual({});
    expect((await b.registry.holderOf('standalone:s'))?.instanceId).toBe(b.registry.instanceId);
  }, 20_000);

  it('refuses settings where an instance would be dead between two of its own heartbeats', () => {
    expect(
      () =>
        new RedisInstanceRegistry(redis.raw, 'x:', quiet(), {
          heartbeatMs: 2000,
          instanceTtlMs: 2000,
        }),
    ).toThrow('state.instanceTtlMs (2000) must be longer than state.heartbeatMs (2000)');
  });
});
