import { redisSandbox } from './redis-fixture';

describe('RedisCounterStore', () => {
  const redis = redisSandbox();
  afterAll(() => redis.cleanup());

  it('counts one window across instances, so a quota holds behind a load balancer', async () => {
    const a = (await redis.state()).counters;
    const b = (await redis.state()).counters;
    const first = await a.increment('principal:alice/forecast', 60_000);
    expect(first.count).toBe(1);
    expect(first.resetAt).toBeGreaterThan(Date.now() + 59_000);
    expect((await b.increment('principal:alice/forecast', 60_000)).count).toBe(2);
    const third = await a.increment('principal:alice/forecast', 60_000);
    expect(third.count).toBe(3);
    // Later increments keep the window's end: it is not pushed back by every call.
    expect(third.resetAt).toBe(first.resetAt);
    expect((await b.increment('principal:bob/forecast', 60_000)).count).toBe(1);
  });

  it('starts a new window once the old one has ended', async () => {
    const { counters } = await redis.state();
    await counters.increment('window', 60_000);
    await counters.increment('window', 60_000);
    // What Redis does when the window's TTL runs out.
    await redis.raw.pexpireat(`${redis.prefix}counter:window`, Date.now() - 1);
    expect((await counters.increment('window', 60_000)).count).toBe(1);
  });
});
