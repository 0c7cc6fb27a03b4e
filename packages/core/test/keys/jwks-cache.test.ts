/**
 * The key set cache's lifecycle on a controlled clock: an answer with no usable key is a
 * failed fetch (backoff, cooldown, stale-if-error), and reuse follows freshness.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { FetchJsonResult } from '../../src/keys/fetch-json.js';
import { JwksCache, KeysUnavailable } from '../../src/keys/jwks-cache.js';
import { loadKeySet } from '../../src/keys/key-set.js';

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
function scripted(timings: Partial<{ cacheMaxAge: number; staleIfError: number }> = {}) {
  const clock = { now: 1_000_000 };
  const state = { loads: 0, answer: (): unknown => goodKeys() };
  const cache = new JwksCache({
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
