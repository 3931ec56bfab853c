import { MemoryCounterStore } from '../../../src/state/memory/memory-counter-store';

describe('MemoryCounterStore', () => {
  it('counts per key within a fixed window and starts again when the window ends', async () => {
    let now = 1_000;
    const store = new MemoryCounterStore(() => now);
    expect(await store.increment('a', 60_000)).toEqual({ count: 1, resetAt: 61_000 });
    expect(await store.increment('a', 60_000)).toEqual({ count: 2, resetAt: 61_000 });
    expect(await store.increment('b', 60_000)).toEqual({ count: 1, resetAt: 61_000 });
    now = 61_000;
    expect(await store.increment('a', 60_000)).toEqual({ count: 1, resetAt: 121_000 });
  });
});
