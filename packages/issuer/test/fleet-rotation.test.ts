import { assertAtomicStore, createMemoryStore } from '@jwt-guard/core/store';
import { describe, expect, it } from 'vitest';
import { createKeyRingStore, RING_KEY } from '../src/key-ring-store.js';
import { fakeClock, issuerOn, kidOf, SECRET } from './helpers.js';

describe('key rotation in a fleet of 3 issuers on one store', () => {
  it('makes one ring that every instance publishes', async () => {
    const store = createMemoryStore();
    const fleet = [issuerOn(store), issuerOn(store), issuerOn(store)];
    const sets = await Promise.all(fleet.map((tokens) => tokens.jwks()));
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
  });

  it('exactly one concurrent rotation wins, and the ring moves one step', async () => {
    const store = createMemoryStore();
    const clock = fakeClock();
    const fleet = [0, 1, 2].map(() => issuerOn(store, { now: clock.now }));
    const before = (await fleet[0]!.jwks()).keys.map((k) => k.kid);
    clock.advance(11 * 60_000);
    const results = await Promise.all(fleet.map((tokens) => tokens.rotateKeys()));
    expect(results.filter((result) => result.rotated)).toHaveLength(1);
    const winner = results.find((result) => result.rotated)!.kid;
    expect(results.map((result) => result.kid)).toEqual([winner, winner, winner]);
    const ring = JSON.parse((await store.get(RING_KEY))!);
    expect(ring.keys.map((k: { state: string }) => k.state)).toEqual([
      'retiring',
      'current',
      'next',
    ]);
    expect(before).toContain(winner);
  });

  it('every instance signs with the new current key within one store read', async () => {
    const store = createMemoryStore();
    const clock = fakeClock();
    const [a, b, c] = [0, 1, 2].map(() => issuerOn(store, { now: clock.now }));
    await Promise.all([a!, b!, c!].map((tokens) => tokens.issue({ sub: 'alice' })));
    clock.advance(11 * 60_000);
    const { kid } = await a!.rotateKeys();
    // Within refreshEvery (10 s) b and c may still sign with the old, still published key.
    clock.advance(10_000);
    expect(kidOf((await b!.issue({ sub: 'alice' })).accessToken)).toBe(kid);
    expect(kidOf((await c!.issue({ sub: 'alice' })).accessToken)).toBe(kid);
  });

  it('the scheduled check rotates once however many instances find the ring due', async () => {
    const store = assertAtomicStore(createMemoryStore(), 'store');
    const clock = fakeClock();
    const rings = [0, 1, 2].map(() =>
      createKeyRingStore({
        store,
        algorithm: 'ES256',
        secret: new TextEncoder().encode(SECRET),
        rotateEveryMs: 3_600_000,
        refreshEveryMs: 10_000,
        retireForMs: 3_660_000,
        now: clock.now,
      }),
    );
    await rings[0]!.jwks();
    clock.advance(3_599_999);
    expect(await Promise.all(rings.map((ring) => ring.rotateIfDue()))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    clock.advance(1);
    const first = await Promise.all(rings.map((ring) => ring.rotateIfDue()));
    expect(first.filter((result) => result?.rotated)).toHaveLength(1);
    expect(await rings[1]!.rotateIfDue()).toBeUndefined();
  });
});

describe('a store that never accepts the ring', () => {
  it('rejects issue() with a store error instead of looping', async () => {
    const store = {
      get: async () => undefined,
      set: async () => undefined,
      setIfAbsent: async () => false,
      compareAndSet: async () => false,
      delete: async () => undefined,
    };
    const tokens = issuerOn(store);
    await expect(tokens.issue({ sub: 'alice' })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'ERR_STORE_UNAVAILABLE',
    });
  });
  it('rotateKeys({ ifDue: true }) steps once however the fleet calls it, and only when due', async () => {
    const store = createMemoryStore();
    const clock = fakeClock();
    const options = {
      now: clock.now,
      keys: { encryptionSecret: SECRET, schedule: false, rotateEvery: '1d' },
    } as const;
    const fleet = [0, 1, 2].map(() => issuerOn(store, options));
    const first = (await fleet[0]!.jwks()).keys.map((key) => key.kid);
    const notDue = await fleet[1]!.rotateKeys({ ifDue: true });
    expect(notDue.rotated).toBe(false);
    expect(first).toContain(notDue.kid);
    expect(JSON.parse((await store.get(RING_KEY))!).keys).toHaveLength(2);

    clock.advance(86_400_000 + 1);
    // One after another, as Cron firings in several isolates land: each reads the ring the
    // previous one wrote, so an unconditional step would rotate three times.
    const results = [];
    for (const tokens of fleet) results.push(await tokens.rotateKeys({ ifDue: true }));
    expect(results.map((result) => result.rotated)).toEqual([true, false, false]);
    expect(new Set(results.map((result) => result.kid)).size).toBe(1);
    const states = JSON.parse((await store.get(RING_KEY))!).keys.map(
      (key: { state: string }) => key.state,
    );
    expect(states).toEqual(['retiring', 'current', 'next']);
  });
});
