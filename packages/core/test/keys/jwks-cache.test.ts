/**
 * The key set cache's lifecycle on a controlled clock: an answer with no usable key is a
 * failed fetch (backoff, cooldown, stale-if-error), and reuse follows freshness.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { FetchJsonResult } from '../../src/keys/fetch-json.js';
import { JwksCache, type KeySetEntry, KeysUnavailable } from '../../src/keys/jwks-cache.js';
import { loadKeySet } from '../../src/keys/key-set.js';
import {
  createKeySetGeneration,
  type KeySetGeneration,
} from '../../src/keys/key-set-generation.js';

const goodKeys = () => ({
  keys: [
    {
      ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        format: 'jwk',
      }) as JWK),
      kid: 'k',
    },
  ],
});

/** A cache over a scripted issuer: `answer` decides each response; `loads` counts them. */
function scripted(
  timings: Partial<{ cacheMaxAge: number; staleIfError: number }> = {},
  generation?: KeySetGeneration,
) {
  const clock = { now: 1_000_000 };
  const state = { loads: 0, answer: (): unknown => goodKeys() };
  const cache = new JwksCache({
    generation,
    cacheMaxAge: timings.cacheMaxAge ?? 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 1_000,
    staleIfError: timings.staleIfError ?? 120_000,
    now: () => clock.now,
    build: (json) => loadKeySet(json, ['ES256']),
    load: async (): Promise<FetchJsonResult> => {
      state.loads += 1;
      return {
        notModified: false,
        json: state.answer(),
        etag: undefined,
        maxAgeSeconds: undefined,
      };
    },
  });
  return { cache, clock, state };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('JwksCache', () => {
  it.each([
    ['{"keys":[]}', { keys: [] }],
    ['{}', {}],
    ['only encryption keys', { keys: [{ ...goodKeys().keys[0], use: 'enc' }] }],
  ])('treats %s as a failed fetch: no fetch per request while backing off', async (_name, body) => {
    const { cache, clock, state } = scripted();
    state.answer = () => body;
    await expect(cache.get()).rejects.toBeInstanceOf(KeysUnavailable);
    for (let i = 0; i < 50; i += 1) {
      await expect(cache.get()).rejects.toBeInstanceOf(KeysUnavailable);
    }
    expect(state.loads).toBe(1);
    // The backoff doubles from one second: the next attempt comes only after it.
    clock.now += 1_000;
    await expect(cache.get()).rejects.toMatchObject({ retryAfterMs: 2_000 });
    expect(state.loads).toBe(2);
  });

  it('keeps serving the last good keys, without waiting, when a refresh brings no usable key', async () => {
    const { cache, clock, state } = scripted();
    const first = await cache.get();
    state.answer = () => ({ keys: [] });
    clock.now += 61_000; // past freshness
    // The first request past freshness waits for the refetch, which fails: stale keys.
    expect(await cache.get()).toBe(first);
    expect(state.loads).toBe(2);
    // Then requests take the stale keys at once; retries are spaced by the backoff.
    for (let i = 0; i < 50; i += 1) expect(cache.usable()).toBe(first);
    await settle();
    expect(state.loads).toBe(2);
    clock.now += 1_000;
    expect(cache.usable()).toBe(first);
    await settle();
    expect(state.loads).toBe(3);
  });

  it('lets a verification be reused past freshness while refreshing behind it, and not past the hard limit', async () => {
    const { cache, clock, state } = scripted({ cacheMaxAge: 60_000, staleIfError: 120_000 });
    const first = await cache.get();
    expect(cache.reusable()).toBe(first);
    expect(state.loads).toBe(1);
    clock.now += 61_000;
    expect(cache.reusable()).toBe(first); // stale: reused, and the refresh starts
    await settle();
    expect(state.loads).toBe(2);
    expect(cache.reusable()?.version).toBe(2);
    state.answer = () => {
      throw new Error('issuer down');
    };
    clock.now += 61_000 + 120_000; // past freshness and stale-if-error
    expect(cache.reusable()).toBeUndefined();
    await expect(cache.get()).rejects.toBeInstanceOf(KeysUnavailable);
  });
});

/**
 * The key set cache on a scripted issuer and a controlled clock: each phase's answer, the
 * unknown-kid refetch and its cooldown, 304 revalidation, `Retry-After`, and which fetch
 * under way a request joins.
 */
describe('JwksCache on a scripted issuer and a controlled clock', () => {
  const jwk = {
    ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      format: 'jwk',
    }) as JWK),
    kid: 'k',
  };
  const goodKeys = () => ({ keys: [jwk] });

  type Answer = () => FetchJsonResult | Promise<FetchJsonResult>;
  const document = (maxAgeSeconds?: number, etag?: string): FetchJsonResult => ({
    notModified: false,
    json: goodKeys(),
    etag,
    maxAgeSeconds,
  });

  /** Freshness 60 s, refresh due at 48 s, stale-if-error 120 s, cooldown 30 s. */
  function scripted(timeoutDuration = 1_000) {
    const clock = { now: 1_000_000 };
    const state: { loads: number; etags: (string | undefined)[]; answer: Answer } = {
      loads: 0,
      etags: [],
      answer: () => document(),
    };
    const cache = new JwksCache({
      cacheMaxAge: 60_000,
      cooldownDuration: 30_000,
      timeoutDuration,
      staleIfError: 120_000,
      now: () => clock.now,
      build: (json) => loadKeySet(json, ['ES256']),
      load: async (etag) => {
        state.loads += 1;
        state.etags.push(etag);
        return state.answer();
      },
    });
    return { cache, clock, state };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  const down = () => {
    throw new Error('issuer down');
  };

  describe('phases', () => {
    it('fresh: answers without a fetch; refresh due from 80 %: answers and refreshes once in the background', async () => {
      const { cache, clock, state } = scripted();
      const first = await cache.get();
      expect(first).toMatchObject({
        version: 1,
        fetchedAt: 1_000_000,
        freshUntil: 1_060_000,
        etag: undefined,
      });
      clock.now += 47_999;
      expect(cache.usable()).toBe(first);
      await settle();
      expect(state.loads).toBe(1);
      clock.now += 1;
      expect(cache.usable()).toBe(first);
      expect(cache.usable()).toBe(first);
      await settle();
      expect(state.loads).toBe(2);
      expect(cache.usable()?.version).toBe(2);
    });

    it('stale before any failure: a request waits for the refetch', async () => {
      const { cache, clock, state } = scripted();
      await cache.get();
      clock.now += 60_000;
      expect(cache.usable()).toBeUndefined();
      const next = await cache.get();
      expect(next.version).toBe(2);
      expect(state.loads).toBe(2);
    });

    it('reusable: fresh starts nothing; past the hard limit answers nothing', async () => {
      const { cache, clock, state } = scripted();
      const first = await cache.get();
      clock.now += 47_999;
      expect(cache.reusable()).toBe(first);
      await settle();
      expect(state.loads).toBe(1);
      state.answer = down;
      clock.now = first.freshUntil + 119_999;
      expect(cache.reusable()).toBe(first);
      clock.now = first.freshUntil + 120_000;
      expect(cache.reusable()).toBeUndefined();
      expect(cache.usable()).toBeUndefined();
    });

    it('holds no keys before the first fetch', () => {
      const { cache, state } = scripted();
      expect(cache.usable()).toBeUndefined();
      expect(cache.reusable()).toBeUndefined();
      expect(state.loads).toBe(0);
    });
  });

  describe('revalidation', () => {
    it('sends the ETag, and a 304 renews the same keys for the new max-age', async () => {
      const { cache, clock, state } = scripted();
      state.answer = () => document(40, '"v1"');
      const first = await cache.get();
      expect(first.freshUntil - first.fetchedAt).toBe(40_000);
      state.answer = () => ({ notModified: true, maxAgeSeconds: 50 });
      clock.now += 40_000;
      const renewed = await cache.get();
      expect(state.etags).toEqual([undefined, '"v1"']);
      expect(renewed).toMatchObject({
        keySet: first.keySet,
        version: 1,
        etag: '"v1"',
        fetchedAt: clock.now,
        freshUntil: clock.now + 50_000,
      });
    });

    it('refuses a 304 with no key set to renew', async () => {
      const { cache, state } = scripted();
      state.answer = () => ({ notModified: true, maxAgeSeconds: undefined });
      await expect(cache.get()).rejects.toBeInstanceOf(KeysUnavailable);
    });
  });

  describe('failures', () => {
    it('asks for a retry after the backoff, never under a second', async () => {
      const { cache, clock, state } = scripted();
      state.answer = down;
      await expect(cache.get()).rejects.toMatchObject({ retryAfterMs: 1_000 });
      clock.now += 600;
      await expect(cache.get()).rejects.toMatchObject({ retryAfterMs: 1_000 });
      expect(state.loads).toBe(1);
      clock.now += 400;
      await expect(cache.get()).rejects.toMatchObject({ retryAfterMs: 2_000 });
      expect(state.loads).toBe(2);
      clock.now += 500;
      await expect(cache.get()).rejects.toMatchObject({ retryAfterMs: 1_500 });
    });

    it('keeps the cause of a failed fetch', async () => {
      const { cache, state } = scripted();
      const cause = new Error('issuer down');
      state.answer = () => {
        throw cause;
      };
      const error = await cache.get().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeysUnavailable);
      expect((error as KeysUnavailable).cause).toBe(cause);
    });

    it('serves the stale keys while backing off, and recovers once the issuer answers', async () => {
      const { cache, clock, state } = scripted();
      const first = await cache.get();
      state.answer = down;
      clock.now += 60_000;
      expect(await cache.get()).toBe(first);
      expect(await cache.get()).toBe(first);
      expect(state.loads).toBe(2);
      state.answer = () => document();
      clock.now += 1_000;
      expect(cache.usable()).toBe(first);
      await settle();
      expect(cache.usable()?.version).toBe(2);
    });
  });

  describe('refreshForUnknownKey', () => {
    it('answers with a newer set at once, without a fetch', async () => {
      const { cache, clock, state } = scripted();
      const first = await cache.get();
      clock.now += 60_000;
      const second = await cache.get();
      expect(await cache.refreshForUnknownKey(first)).toBe(second);
      expect(state.loads).toBe(2);
    });

    it('refetches once per cooldown, counted from its own last refetch', async () => {
      const { cache, clock, state } = scripted();
      const first = await cache.get();
      const second = (await cache.refreshForUnknownKey(first)) as KeySetEntry;
      expect(second.version).toBe(2);
      clock.now += 29_999;
      expect(await cache.refreshForUnknownKey(second)).toBeUndefined();
      expect(state.loads).toBe(2);
      clock.now += 1;
      expect((await cache.refreshForUnknownKey(second))?.version).toBe(3);
    });

    it('is keys unavailable, not "no such key", while the issuer fails', async () => {
      const { cache, clock, state } = scripted();
      const first = await cache.get();
      state.answer = down;
      await expect(cache.refreshForUnknownKey(first)).rejects.toBeInstanceOf(KeysUnavailable);
      clock.now += 1_000;
      await expect(cache.refreshForUnknownKey(first)).rejects.toBeInstanceOf(KeysUnavailable);
      expect(state.loads).toBe(1 + 1);
    });

    it('joins a fetch a request lent, not an orphaned one', async () => {
      const { cache, clock, state } = scripted();
      const first = await cache.get();
      let release: (() => void) | undefined;
      state.answer = () =>
        new Promise<FetchJsonResult>((resolve) => {
          release = () => resolve(document());
        });
      clock.now += 48_000;
      const lent: Promise<unknown>[] = [];
      cache.usable({ waitUntil: (promise) => lent.push(promise) });
      expect(lent).toHaveLength(1);
      const joined = cache.refreshForUnknownKey(first);
      release?.();
      expect((await joined)?.version).toBe(2);
      expect(state.loads).toBe(2);

      // Without waitUntil the refresh is an orphan: the unknown kid starts its own fetch.
      state.answer = () => new Promise<FetchJsonResult>(() => undefined);
      clock.now += 48_000;
      const second = cache.usable() as KeySetEntry;
      expect(state.loads).toBe(3);
      state.answer = () => document();
      expect((await cache.refreshForUnknownKey(second))?.version).toBe(3);
      expect(state.loads).toBe(4);
    });
  });

  describe('the fetch a request joins', () => {
    it('shares one fetch among concurrent requests', async () => {
      const { cache, state } = scripted();
      const all = await Promise.all([cache.get(), cache.get(), cache.get()]);
      expect(new Set(all).size).toBe(1);
      expect(state.loads).toBe(1);
    });

    it('starts a new fetch when the one under way outlived its timeout by more than a second', async () => {
      const { cache, clock, state } = scripted(50);
      const hung = new Promise<FetchJsonResult>(() => undefined);
      state.answer = () => hung;
      await expect(cache.get()).rejects.toBeInstanceOf(KeysUnavailable);
      expect(state.loads).toBe(1);
      state.answer = () => document();
      clock.now += 1_050;
      await expect(cache.get()).rejects.toBeInstanceOf(KeysUnavailable);
      expect(state.loads).toBe(1);
      clock.now += 1;
      expect((await cache.get()).version).toBe(1);
      expect(state.loads).toBe(2);
    });

    it('bounds every wait by the timeout plus 250 ms', async () => {
      const { cache, state } = scripted(100);
      state.answer = () => new Promise<FetchJsonResult>(() => undefined);
      const started = performance.now();
      await expect(cache.get()).rejects.toBeInstanceOf(KeysUnavailable);
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(340);
      expect(waited).toBeLessThan(2_000);
    });

    it('does not make a request wait on an orphaned background refresh', async () => {
      const { cache, clock, state } = scripted();
      await cache.get();
      state.answer = () => new Promise<FetchJsonResult>(() => undefined);
      clock.now += 48_000;
      expect(cache.usable({})?.version).toBe(1); // a context without waitUntil: an orphan
      expect(state.loads).toBe(2);
      state.answer = () => document();
      clock.now += 12_000; // stale: the next request must wait, and not on the orphan
      expect((await cache.get()).version).toBe(2);
      expect(state.loads).toBe(3);
    });
  });
});

describe('JwksCache: how long a key the set lacks stays unknown (issue 24)', () => {
  it('not at all before a refetch for an unknown kid has spent the cooldown', async () => {
    const { cache } = scripted();
    expect(cache.unknownKeyStandsUntil()).toBe(Number.NEGATIVE_INFINITY);
    await cache.get();
    // The next unknown kid may refetch now: a refusal must not be kept.
    expect(cache.unknownKeyStandsUntil()).toBe(Number.NEGATIVE_INFINITY);
  });

  it("until the cooldown's end, or the set's refresh when that comes first", async () => {
    const slow = scripted({ cacheMaxAge: 60_000 });
    await slow.cache.refreshForUnknownKey(await slow.cache.get());
    expect(slow.cache.unknownKeyStandsUntil()).toBe(slow.clock.now + 30_000);

    const quick = scripted({ cacheMaxAge: 20_000 });
    await quick.cache.refreshForUnknownKey(await quick.cache.get());
    // Refreshed ahead of expiry at 80 % of its 20 s freshness.
    expect(quick.cache.unknownKeyStandsUntil()).toBe(quick.clock.now + 16_000);
  });

  it('not while a fetch is under way, whose set may hold the key', async () => {
    const { cache, clock } = scripted();
    await cache.refreshForUnknownKey(await cache.get());
    clock.now += 30_000;
    const refetch = cache.refreshForUnknownKey(await cache.get());
    expect(cache.unknownKeyStandsUntil()).toBe(Number.NEGATIVE_INFINITY);
    await refetch;
    expect(cache.unknownKeyStandsUntil()).toBe(clock.now + 30_000);
  });

  it('moves the generation on every new set, and not on a refusal by the cooldown', async () => {
    const generation = createKeySetGeneration();
    const { cache } = scripted({}, generation);
    const first = await cache.get();
    expect(generation.value).toBe(1);
    await cache.refreshForUnknownKey(first);
    expect(generation.value).toBe(2);
    expect(await cache.refreshForUnknownKey(await cache.get())).toBeUndefined();
    expect(generation.value).toBe(2);
  });
});
