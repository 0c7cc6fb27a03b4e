/** A memory store that records every value written to it: the test that no raw token is stored. */
import {
  type AtomicSharedStore,
  assertAtomicStore,
  createMemoryStore,
} from '@jwt-guard/core/store';

/** The store, every value ever written, and a count of calls (store round trips). */
export function recordingStore() {
  const inner = assertAtomicStore(createMemoryStore({ maxEntries: 100_000 }), 'store');
  const written: string[] = [];
  const calls = { count: 0 };
  const store: AtomicSharedStore = {
    get: (key) => {
      calls.count += 1;
      return inner.get(key);
    },
    set: (key, value, ttlMs) => {
      calls.count += 1;
      written.push(key, value);
      return inner.set(key, value, ttlMs);
    },
    setIfAbsent: (key, value, ttlMs) => {
      calls.count += 1;
      written.push(key, value);
      return inner.setIfAbsent(key, value, ttlMs);
    },
    compareAndSet: (key, expected, next, ttlMs) => {
      calls.count += 1;
      written.push(key, next);
      return inner.compareAndSet(key, expected, next, ttlMs);
    },
    delete: (key) => {
      calls.count += 1;
      return inner.delete(key);
    },
  };
  return { store, written, calls };
}
