/** The default shared store: this process's memory, bounded, with a time to live per entry. */
import { LRUCache } from 'lru-cache';
import { positiveInteger } from '../options/numbers.js';
import { failWith } from '../options/option-error.js';
import type { SharedStore } from './shared-store.js';
import { checkTtl, resolvePrefix } from './store-options.js';

/**
 * Options of {@link createMemoryStore}.
 *
 * @example
 * ```ts
 * const options: MemoryStoreOptions = { maxEntries: 50_000, prefix: 'api-a:' };
 * ```
 */
export interface MemoryStoreOptions {
  /** Most entries held at once; when full, the least recently used goes first. Default 100 000. */
  readonly maxEntries?: number;
  /** Put before every key. Default `'jwt-guard:'`. */
  readonly prefix?: string;
}

const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * A {@link SharedStore} in this process's memory: what a single process or a test needs,
 * and the default. It is shared by nothing else, so a fleet needs Redis (`@jwt-guard/redis`)
 * for replay detection to hold across processes. `setIfAbsent` is atomic because the check
 * and the write happen in one synchronous step, and so is `compareAndSet`: refresh-token
 * rotation and the issuer's key ring may use it, within one process. It never rejects for an outage: its
 * backend cannot be down. When full, the least recently used entry is dropped even before
 * its time to live: size `maxEntries` above the entries one time to live can bring in.
 *
 * @example
 * ```ts
 * const store = createMemoryStore({ maxEntries: 10_000 });
 * await store.setIfAbsent('replay:abc', '1', 65_000); // true
 * await store.setIfAbsent('replay:abc', '1', 65_000); // false
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SharedStore {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createMemoryStore: options must be an object');
  }
  const prefix = resolvePrefix(options.prefix, 'createMemoryStore');
  const max = positiveInteger(
    options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    'maxEntries',
    DEFAULT_MAX_ENTRIES,
    failWith((option) => `createMemoryStore: ${option}`),
  );
  const entries = new LRUCache<string, string>({ max });
  return {
    async get(key) {
      return entries.get(prefix + key);
    },
    async set(key, value, ttlMs) {
      checkTtl(ttlMs);
      entries.set(prefix + key, value, { ttl: Math.ceil(ttlMs) });
    },
    async setIfAbsent(key, value, ttlMs) {
      checkTtl(ttlMs);
      // `has` ignores expired entries and leaves recency alone; no await separates it from
      // the write, so two callers can never both see the key as absent.
      if (entries.has(prefix + key)) return false;
      entries.set(prefix + key, value, { ttl: Math.ceil(ttlMs) });
      return true;
    },
    async compareAndSet(key, expected, next, ttlMs) {
      checkTtl(ttlMs);
      // As in setIfAbsent: the read and the write are one synchronous step, so of callers
      // holding the same `expected`, the first to run wins and the rest see its value.
      // `get` ignores expired entries, so an expired one counts as absent.
      if (entries.get(prefix + key) !== expected) return false;
      entries.set(prefix + key, next, { ttl: Math.ceil(ttlMs) });
      return true;
    },
    async delete(key) {
      entries.delete(prefix + key);
    },
  };
}
