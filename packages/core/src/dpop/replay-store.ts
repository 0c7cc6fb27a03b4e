/**
 * Where the `jti` of accepted DPoP proofs is remembered, so that a proof is used once
 * (RFC 9449 §11.1): the interface, and a bounded in-memory default.
 */
import { LRUCache } from 'lru-cache';
import { positiveInteger } from '../options/numbers.js';
import { optionError } from '../options/option-error.js';

/**
 * Remembers proof identifiers for as long as their proofs could be accepted. Implement it
 * over a shared store (Redis `SET key 1 NX PXAT expiresAtMs`, say) when several processes
 * serve one API: the memory store only sees the proofs of its own process.
 *
 * @example
 * ```ts
 * const redisStore: ReplayStore = {
 *   async checkAndSet(key, expiresAtMs) {
 *     return (await redis.set(key, '1', { NX: true, PXAT: Math.ceil(expiresAtMs) })) === 'OK';
 *   },
 * };
 * ```
 */
export interface ReplayStore {
  /** Atomically records `key` until `expiresAtMs`; resolves true if it was new, false if seen before (a replay). */
  checkAndSet(key: string, expiresAtMs: number): boolean | Promise<boolean>;
}

/**
 * Options of {@link createMemoryReplayStore}.
 *
 * @example
 * ```ts
 * const options: MemoryReplayStoreOptions = { maxEntries: 500_000 };
 * ```
 */
export interface MemoryReplayStoreOptions {
  /** Most identifiers held at once; the oldest go first when it is full. Default 100 000. */
  readonly maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * A replay store in this process's memory. Each entry lives until its `expiresAtMs` and
 * the store never holds more than `maxEntries`: when full, the oldest entry is forgotten
 * first, possibly before its proof's window has passed. Size it above the number of DPoP
 * requests the process can accept within one proof window (by default 65 s): otherwise a
 * client (or an attacker) sending proofs faster than that pushes identifiers out early, and
 * a proof captured in that time could be replayed once more. A key is at most about 300
 * characters (a 43-character thumbprint, `:`, a `jti` of up to 256), so the default bound
 * costs at most some tens of megabytes.
 *
 * @example
 * ```ts
 * const replayStore = createMemoryReplayStore({ maxEntries: 500_000 });
 * const dpop = resolveDpopOptions({ replayStore });
 * ```
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  if (typeof options !== 'object' || options === null) {
    throw optionError('dpop.replayStore', 'options must be an object');
  }
  const max = positiveInteger(
    options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    'dpop.replayStore.maxEntries',
    DEFAULT_MAX_ENTRIES,
  );
  const seen = new LRUCache<string, true>({ max });
  return {
    checkAndSet(key, expiresAtMs) {
      // `has` neither revives an expired entry nor refreshes recency, so eviction order
      // stays insertion order and an expired identifier counts as new.
      if (seen.has(key)) return false;
      // lru-cache measures a time to live on its own monotonic clock; a window that has
      // already passed still records the key for a moment rather than not at all.
      seen.set(key, true, { ttl: Math.max(1, Math.ceil(expiresAtMs - Date.now())) });
      return true;
    },
  };
}
