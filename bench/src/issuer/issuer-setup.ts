/**
 * What the issuer cases share: the issuer's name, a sealing secret, and a store wrapper
 * that counts calls. Every call of the Redis store is one command, so its count is the
 * number of round trips (compareAndSet is one EVAL).
 */
import type { AtomicSharedStore } from '@jwt-guard/core/store';

/** The issuer (and audience) of the bench's tokens. */
export const ISSUER = 'https://api.example.com';
/** Seals the ring's private keys in the store. */
export const SECRET = 'a-bench-encryption-secret-of-more-than-32-bytes';

/**
 * `store` with every call counted in `calls.count`, and those on the key ring (which each
 * issuer re-reads once every `keys.refreshEvery`, not per call) in `calls.ring` as well.
 *
 * @example
 * ```ts
 * const { store, calls } = countingStore(redisStore);
 * ```
 */
export function countingStore(inner: AtomicSharedStore) {
  const calls = { count: 0, ring: 0 };
  const count = <T>(key: string, call: () => T): T => {
    calls.count += 1;
    if (key === 'keys:ring') calls.ring += 1;
    return call();
  };
  const store: AtomicSharedStore = {
    get: (key) => count(key, () => inner.get(key)),
    set: (key, value, ttlMs) => count(key, () => inner.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => count(key, () => inner.setIfAbsent(key, value, ttlMs)),
    compareAndSet: (key, expected, next, ttlMs) =>
      count(key, () => inner.compareAndSet(key, expected, next, ttlMs)),
    delete: (key) => count(key, () => inner.delete(key)),
  };
  return { store, calls };
}
