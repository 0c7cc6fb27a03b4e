/** Replay (RFC 9449 §11.1): the memory store, a custom async store, and the order of checks. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDpopProofVerifier,
  createMemoryReplayStore,
  type ReplayStore,
  resolveDpopOptions,
} from '../../src/dpop/index.js';
import {
  type ClientKey,
  clientKey,
  expectCode,
  proof,
  proofRequest as request,
} from './proof-kit.js';

const INVALID = 'ERR_DPOP_PROOF_INVALID';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An async store over a Map, recording every call, as a remote store would behave. */
function asyncStore() {
  const held = new Map<string, number>();
  const calls: [string, number][] = [];
  const store: ReplayStore = {
    async checkAndSet(key, expiresAtMs) {
      calls.push([key, expiresAtMs]);
      await sleep(1);
      const until = held.get(key);
      if (until !== undefined && until > Date.now()) return false;
      held.set(key, expiresAtMs);
      return true;
    },
  };
  return { store, calls };
}

let key: ClientKey;
let other: ClientKey;
beforeAll(async () => {
  [key, other] = await Promise.all([clientKey('ES256'), clientKey('ES256')]);
});

describe('createMemoryReplayStore', () => {
  it('answers true once per key, then false until the entry expires', async () => {
    const store = createMemoryReplayStore();
    expect(store.checkAndSet('k', Date.now() + 40)).toBe(true);
    expect(store.checkAndSet('k', Date.now() + 40)).toBe(false);
    expect(store.checkAndSet('j', Date.now() + 40)).toBe(true);
    await sleep(80);
    expect(store.checkAndSet('k', Date.now() + 40)).toBe(true);
  });

  it('holds at most maxEntries, forgetting the oldest first', () => {
    const store = createMemoryReplayStore({ maxEntries: 10 });
    const until = Date.now() + 60_000;
    for (let i = 0; i < 1000; i++) expect(store.checkAndSet(`k${i}`, until)).toBe(true);
    // The last ten are remembered (checking them records nothing new) ...
    for (let i = 990; i < 1000; i++) expect(store.checkAndSet(`k${i}`, until)).toBe(false);
    // ... and every earlier one is forgotten.
    for (let i = 0; i < 990; i += 97) {
      const fresh = createMemoryReplayStore({ maxEntries: 10 });
      for (let j = 0; j < 1000; j++) fresh.checkAndSet(`k${j}`, until);
      expect(fresh.checkAndSet(`k${i}`, until)).toBe(true);
    }
  });

  it('refuses a bad maxEntries', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createMemoryReplayStore({ maxEntries })).toThrow(/maxEntries/);
    }
  });
});

describe('replayed proofs', () => {
  it('refuses a proof sent twice with the default memory store', async () => {
    const verify = createDpopProofVerifier(resolveDpopOptions({}));
    const now = Date.now();
    const text = await proof(key, now);
    await expect(verify(request(text, now))).resolves.toBeDefined();
    await expectCode(verify(request(text, now + 1000)), INVALID, text);
  });

  it('refuses a replay through a custom async store, keyed by thumbprint and jti', async () => {
    const { store, calls } = asyncStore();
    const verify = createDpopProofVerifier(
      resolveDpopOptions({ replayStore: store, iatWindow: 30, clockTolerance: 2 }),
    );
    const now = Date.now();
    const text = await proof(key, now, { jti: 'same' });
    const result = await verify(request(text, now));
    expect(calls).toEqual([[`${key.jkt}:same`, Math.floor(now / 1000) * 1000 + 32_000]]);
    await expectCode(verify(request(text, now)), INVALID, text);
    // Another key's proof with the same jti is no replay.
    await expect(verify(request(await proof(other, now, { jti: 'same' }), now))).resolves.toEqual({
      ...result,
      jkt: other.jkt,
    });
  });

  it('consumes no jti for a proof refused on another ground', async () => {
    const { store, calls } = asyncStore();
    const verify = createDpopProofVerifier(resolveDpopOptions({ replayStore: store }));
    const now = Date.now();
    await expectCode(
      verify(request(await proof(key, now, { jti: 'j', htm: 'PUT' }), now)),
      INVALID,
    );
    await expectCode(verify(request(await proof(key, now, { jti: 'j', ath: 'x' }), now)), INVALID);
    expect(calls).toEqual([]);
    await expect(verify(request(await proof(key, now, { jti: 'j' }), now))).resolves.toBeDefined();
  });

  it('fails closed when the store fails (503) or answers anything but true (401)', async () => {
    const now = Date.now();
    const failing = { checkAndSet: () => Promise.reject(new Error('store down')) };
    const verify = createDpopProofVerifier(resolveDpopOptions({ replayStore: failing }));
    const error = await expectCode(
      verify(request(await proof(key, now), now)),
      'ERR_REPLAY_CHECK_UNAVAILABLE',
    );
    expect(error.status).toBe(503);
    expect((error.cause as Error).message).toBe('store down');
    const vague = { checkAndSet: () => 'yes' as unknown as boolean };
    const verifyVague = createDpopProofVerifier(resolveDpopOptions({ replayStore: vague }));
    await expectCode(verifyVague(request(await proof(key, now), now)), INVALID);
  });
});
