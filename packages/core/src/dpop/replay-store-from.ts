/** Adapts a shared store to the DPoP replay store, so proofs are used once across a fleet. */

import type { SharedStore } from '../store/shared-store.js';
import type { ReplayStore } from './replay-store.js';

/** The sub-namespace of replay entries, so they never meet a cache's keys in one store. */
const REPLAY_NAMESPACE = 'replay:';

/**
 * A DPoP {@link ReplayStore} over a {@link SharedStore}: `checkAndSet(key, expiresAtMs)`
 * is the store's atomic `setIfAbsent` under `replay:<key>`, kept until `expiresAtMs`.
 * A store failure rejects (with the store's `StoreError`), so the proof check fails closed.
 * Give it a store with an atomic `setIfAbsent` shared by every process: Redis
 * (`@jwt-guard/redis`), or the memory store for one process. The KV and Cache API stores
 * refuse `setIfAbsent`, so a replay store over them rejects every proof.
 *
 * @example
 * ```ts
 * const replayStore = replayStoreFrom(createRedisStore({ url: process.env.REDIS_URL }));
 * ```
 */
export function replayStoreFrom(store: SharedStore): ReplayStore {
  if (typeof store?.setIfAbsent !== 'function') {
    throw new TypeError('replayStoreFrom: store must be a SharedStore');
  }
  return {
    checkAndSet(key, expiresAtMs) {
      // A window that has already passed still records the key for a moment rather than
      // not at all (a time to live must be positive).
      const ttlMs = Math.max(1, Math.ceil(expiresAtMs - Date.now()));
      return store.setIfAbsent(REPLAY_NAMESPACE + key, '1', ttlMs);
    },
  };
}
