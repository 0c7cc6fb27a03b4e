/** replayStoreFrom: a SharedStore as the DPoP replay store. */
import { describe, expect, it } from 'vitest';
import { replayStoreFrom } from '../../src/dpop/replay-store-from.js';
import {
  createKvStore,
  createMemoryStore,
  type SharedStore,
  StoreError,
} from '../../src/store/index.js';
import { createFakeKv } from '../store/fakes.js';

describe('replayStoreFrom', () => {
  it('accepts a key once until it expires', async () => {
    const replay = replayStoreFrom(createMemoryStore());
    const expiresAtMs = Date.now() + 60_000;
    expect(await replay.checkAndSet('thumb:jti-1', expiresAtMs)).toBe(true);
    expect(await replay.checkAndSet('thumb:jti-1', expiresAtMs)).toBe(false);
    expect(await replay.checkAndSet('thumb:jti-2', expiresAtMs)).toBe(true);
  });

  it('stores under replay:<key> with the time left until expiresAtMs', async () => {
    const calls: [string, string, number][] = [];
    const store: SharedStore = {
      get: async () => undefined,
      set: async () => {},
      setIfAbsent: async (key, value, ttlMs) => {
        calls.push([key, value, ttlMs]);
        return true;
      },
    };
    const replay = replayStoreFrom(store);
    await replay.checkAndSet('k', Date.now() + 65_000);
    await replay.checkAndSet('past', Date.now() - 5_000);
    expect(calls[0]![0]).toBe('replay:k');
    expect(calls[0]![2]).toBeGreaterThan(64_000);
    expect(calls[0]![2]).toBeLessThanOrEqual(65_000);
    expect(calls[1]![2]).toBe(1);
  });

  it('rejects (fails closed) when the store cannot set atomically or is down', async () => {
    const replay = replayStoreFrom(createKvStore(createFakeKv()));
    const error = await Promise.resolve(replay.checkAndSet('k', Date.now() + 1_000)).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('ERR_STORE_NOT_ATOMIC');
  });

  it('refuses something that is not a store', () => {
    expect(() => replayStoreFrom({} as never)).toThrow(TypeError);
  });
});
