/**
 * The deny list on a feed reads a local mirror: what it holds, how it is bounded in memory
 * and in time, and when it stops answering "not revoked". The feed here is a small
 * in-memory one driven by the test (the Redis feed has its own tests on a real Redis).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../../src/store/index.js';
import { createDenyList } from '../../src/verify/deny-list.js';
import type { RevocationFeed, RevocationFeedListener } from '../../src/verify/revocation-feed.js';

const ISS = 'https://id.example/';

/** A feed on a Map, whose pushes, drops and heartbeats the test triggers. */
function memoryFeed() {
  const stored = new Map<string, number>();
  const listeners = new Set<RevocationFeedListener>();
  const reads = { has: 0, load: 0 };
  let answerLoads = true;
  const feed: RevocationFeed = {
    async revoke(key, untilMs) {
      stored.set(key, untilMs);
      for (const listener of listeners) listener.revoked(key, untilMs);
    },
    async has(key) {
      reads.has++;
      return (stored.get(key) ?? 0) > Date.now();
    },
    async load(keyPrefix) {
      reads.load++;
      if (!answerLoads) throw new StoreError('ERR_STORE_UNAVAILABLE');
      return [...stored].filter(([key]) => key.startsWith(keyPrefix));
    },
    follow(listener) {
      listeners.add(listener);
      queueMicrotask(() => listener.connected());
      return () => listeners.delete(listener);
    },
  };
  const each = (call: (listener: RevocationFeedListener) => void) => listeners.forEach(call);
  return {
    feed,
    stored,
    reads,
    failLoads: (failing: boolean) => {
      answerLoads = !failing;
    },
    connected: () => each((listener) => listener.connected()),
    disconnected: () => each((listener) => listener.disconnected()),
    alive: () => each((listener) => listener.alive()),
  };
}

const payload = (jti: string) => ({ iss: ISS, jti });
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('createDenyList({ feed })', () => {
  it('refuses options that cannot work, naming them', () => {
    const { feed } = memoryFeed();
    const store = { get: async () => undefined, set: async () => {} } as never;
    expect(() => createDenyList({ feed, store })).toThrow(/one of "store" and "feed"/);
    expect(() => createDenyList({ feed: {} as never })).toThrow(/option "feed"/);
    expect(() => createDenyList({ feed, maxEntries: 0 })).toThrow(/"maxEntries"/);
    expect(() => createDenyList({ feed, maxStalenessMs: 1.5 })).toThrow(/"maxStalenessMs"/);
  });

  it('answers from the full load, then from pushes, without reading the store', async () => {
    const fake = memoryFeed();
    fake.stored.set(`revoked:${encodeURIComponent(ISS)}:before`, Date.now() + 60_000);
    const denyList = createDenyList({ feed: fake.feed });
    // The first check waits for the load.
    expect(await denyList.isRevoked(payload('before'))).toBe(true);
    expect(await denyList.isRevoked(payload('after'))).toBe(false);

    const elsewhere = createDenyList({ feed: fake.feed });
    await elsewhere.revoke('after', inAMinute(), ISS);
    expect(await denyList.isRevoked(payload('after'))).toBe(true);
    expect(fake.reads.has).toBe(0);
    denyList.close();
    elsewhere.close();
  });

  it('forgets an entry once its token has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const fake = memoryFeed();
    const denyList = createDenyList({ feed: fake.feed });
    await denyList.revoke('short', Math.floor(Date.now() / 1000) + 2, ISS);
    expect(await denyList.isRevoked(payload('short'))).toBe(true);
    vi.setSystemTime(Date.now() + 3_000);
    fake.alive();
    expect(await denyList.isRevoked(payload('short'))).toBe(false);
    denyList.close();
  });

  it('holds at most maxEntries; past it, a token not held is checked in the store', async () => {
    const fake = memoryFeed();
    const denyList = createDenyList({ feed: fake.feed, maxEntries: 2 });
    await denyList.isRevoked(payload('warm-up'));
    for (const jti of ['a', 'b', 'c']) await denyList.revoke(jti, inAMinute(), ISS);
    expect(fake.reads.has).toBe(0);
    expect(await denyList.isRevoked(payload('a'))).toBe(true);
    expect(fake.reads.has).toBe(0);
    expect(await denyList.isRevoked(payload('c'))).toBe(true);
    expect(await denyList.isRevoked(payload('d'))).toBe(false);
    expect(fake.reads.has).toBe(2);
    denyList.close();
  });

  it('fails closed past maxStalenessMs without a live subscription, and recovers after a reload', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const fake = memoryFeed();
    const denyList = createDenyList({ feed: fake.feed, maxStalenessMs: 500 });
    await denyList.revoke('known', inAMinute(), ISS);
    expect(await denyList.isRevoked(payload('other'))).toBe(false);

    fake.disconnected();
    vi.setSystemTime(Date.now() + 400);
    expect(await denyList.isRevoked(payload('other'))).toBe(false);
    vi.setSystemTime(Date.now() + 200);
    await expect(denyList.isRevoked(payload('other'))).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
    });
    // What it holds is still refused: failing closed never lets a revoked token through.
    expect(await denyList.isRevoked(payload('known'))).toBe(true);
    fake.alive();
    await expect(denyList.isRevoked(payload('other'))).rejects.toBeInstanceOf(StoreError);

    fake.stored.set(`revoked:${encodeURIComponent(ISS)}:missed`, Date.now() + 60_000);
    fake.connected();
    await settle();
    expect(await denyList.isRevoked(payload('other'))).toBe(false);
    expect(await denyList.isRevoked(payload('missed'))).toBe(true);
    denyList.close();
  });

  it('with failOpen, a mirror that is not current answers not revoked', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const fake = memoryFeed();
    const denyList = createDenyList({ feed: fake.feed, maxStalenessMs: 100, failOpen: true });
    await denyList.isRevoked(payload('warm-up'));
    fake.disconnected();
    vi.setSystemTime(Date.now() + 200);
    expect(await denyList.isRevoked(payload('other'))).toBe(false);
    denyList.close();
  });

  it('does not vouch for a load that failed: it keeps failing closed and retries', async () => {
    const fake = memoryFeed();
    fake.failLoads(true);
    const errors: unknown[] = [];
    const denyList = createDenyList({
      feed: fake.feed,
      maxStalenessMs: 50,
      onError: (e) => errors.push(e),
    });
    await expect(denyList.isRevoked(payload('x'))).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
    });
    expect(errors.length).toBeGreaterThan(0);
    fake.failLoads(false);
    await vi.waitFor(() => expect(fake.reads.load).toBeGreaterThan(errors.length), {
      timeout: 5_000,
    });
    // A retried load has started; it vouches for the mirror once it has resolved, and then only
    // for the 50 ms bound unless the feed's heartbeat renews it, as a live feed's does. Without
    // the heartbeat a busy machine could check past the bound and rightly be refused.
    await vi.waitFor(
      async () => {
        fake.alive();
        expect(await denyList.isRevoked(payload('x'))).toBe(false);
      },
      { timeout: 5_000 },
    );
    denyList.close();
  });
});
