import type { SessionRecord } from '../../../../../src/core/stores/session-store';
import { defaultRefreshMs, ViewFreshness } from '../../../../../src/transports/http/streamable/view-freshness';

const record: SessionRecord = {
  id: 's1',
  protocolVersion: '2025-11-25',
  clientCapabilities: {},
  principal: 'alice',
  initialized: true,
  subscriptions: [],
  elicitations: [],
  ttlMs: 60_000,
};

/** A read of the store that answers when the test says. */
function pendingRead() {
  let answer!: (found: SessionRecord | undefined) => void;
  const promise = new Promise<SessionRecord | undefined>((resolve) => {
    answer = resolve;
  });
  return { load: jest.fn(() => promise), answer };
}

const INTERVAL = 1_000;
const HEARING = 7;

describe('ViewFreshness', () => {
  it('is due until it was read once, then serves until the refresh interval has passed', async () => {
    const view = new ViewFreshness();
    expect(view.current(0, HEARING, INTERVAL)).toBeUndefined();
    await view.read(async () => record, 0, HEARING);
    expect(view.current(999, HEARING, INTERVAL)).toEqual(expect.objectContaining({ principal: 'alice' }));
    expect(view.current(1_000, HEARING, INTERVAL)).toBeUndefined();
  });

  it('is due at once when a change to the session is announced', async () => {
    const view = new ViewFreshness();
    await view.read(async () => record, 0, HEARING);
    view.changed();
    expect(view.current(1, HEARING, INTERVAL)).toBeUndefined();
    await view.read(async () => record, 1, HEARING);
    expect(view.current(2, HEARING, INTERVAL)).toBeDefined();
  });

  it('is due while the bus does not listen, and after it listens again (a new stretch)', async () => {
    const view = new ViewFreshness();
    await view.read(async () => record, 0, HEARING);
    expect(view.current(1, undefined, INTERVAL)).toBeUndefined();
    expect(view.current(1, HEARING + 1, INTERVAL)).toBeUndefined();
    // A read made while the bus was deaf may have missed a change: it does not make the view fresh.
    await view.read(async () => record, 1, undefined);
    expect(view.current(2, HEARING + 1, INTERVAL)).toBeUndefined();
    await view.read(async () => record, 2, HEARING + 1);
    expect(view.current(3, HEARING + 1, INTERVAL)).toBeDefined();
  });

  it('stays due when a change is announced while its read is under way', async () => {
    const view = new ViewFreshness();
    const read = pendingRead();
    const reading = view.read(read.load, 0, HEARING);
    view.changed();
    read.answer(record);
    expect(await reading).toBe(record);
    expect(view.current(1, HEARING, INTERVAL)).toBeUndefined();
  });

  it('shares one read among concurrent requests, but not with a request that came after a change', async () => {
    const view = new ViewFreshness();
    const first = pendingRead();
    const a = view.read(first.load, 0, HEARING);
    const b = view.read(async () => record, 0, HEARING);
    expect(b).toBe(a);
    view.changed();
    const second = pendingRead();
    const c = view.read(second.load, 0, HEARING);
    expect(c).not.toBe(a);
    first.answer(record);
    second.answer(record);
    await Promise.all([a, c]);
    expect(view.current(1, HEARING, INTERVAL)).toBeDefined();
  });

  it('is not made fresh by a read that found nothing or failed', async () => {
    const view = new ViewFreshness();
    await view.read(async () => undefined, 0, HEARING);
    expect(view.current(1, HEARING, INTERVAL)).toBeUndefined();
    await expect(view.read(async () => Promise.reject(new Error('Redis is away')), 1, HEARING)).rejects.toThrow(
      'Redis is away',
    );
    expect(view.current(2, HEARING, INTERVAL)).toBeUndefined();
  });

  it('reads the store for every request with an interval of 0', async () => {
    const view = new ViewFreshness();
    await view.read(async () => record, 0, HEARING);
    expect(view.current(0, HEARING, 0)).toBeUndefined();
  });
});

describe('defaultRefreshMs', () => {
  it('is a tenth of the session TTL, at most 30 s', () => {
    expect(defaultRefreshMs(60_000)).toBe(6_000);
    expect(defaultRefreshMs(30 * 60_000)).toBe(30_000);
    expect(defaultRefreshMs(0)).toBe(0);
  });
});
