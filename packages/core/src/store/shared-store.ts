/**
 * The shared-state seam: one small key/value interface that keys, deny lists and DPoP
 * replay detection can share across the processes of a fleet or the isolates of an edge.
 */

/**
 * A key/value store with per-entry time to live, shared by every process that serves one
 * API. Values are strings: callers serialize (JSON, say). Every implementation takes a
 * `prefix` option (default {@link DEFAULT_STORE_PREFIX}) that it puts before each key, so
 * that one Redis database or KV namespace can hold jwt-guard's entries beside others; a
 * caller that keeps several kinds of entry in one store adds its own sub-namespace to the
 * key (`replay:`, `jwks:`), as `replayStoreFrom` (in `@jwt-guard/core/store`) does.
 *
 * A backend that cannot answer rejects with a {@link StoreError} of code
 * `ERR_STORE_UNAVAILABLE`, never hangs: the caller decides what an outage means (a cache
 * falls back to local state; a replay or deny check fails closed with a 503).
 *
 * @example
 * ```ts
 * const store: SharedStore = createMemoryStore();
 * await store.set('jwks:https://issuer.example', JSON.stringify(jwks), 600_000);
 * if (!(await store.setIfAbsent(`replay:${jti}`, '1', 65_000))) throw new Error('replayed');
 * ```
 */
export interface SharedStore {
  /** The value stored under `key`, or undefined when there is none or it has expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds, replacing any earlier value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Atomic: stores only when absent; true when it stored (replay detection). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Atomic compare-and-set: stores `next` under `key` for `ttlMs` milliseconds only when
   * the current value equals `expected` (`undefined`: only when the key is absent or has
   * expired), and resolves true when it stored. Of any number of callers that read the
   * same value and race to replace it, exactly one wins; the others resolve false and
   * read again. Refresh-token rotation (RFC 9700 §4.14.2) and the issuer's key ring are
   * built on it, and refuse a store without it (see `assertAtomicStore`).
   *
   * Optional. The memory store, the Redis store (`@jwt-guard/redis`, one Lua script) and
   * the Durable Object store implement it. The KV and Cache API stores do not and never
   * will: KV is eventually consistent and the Cache API is per data centre, so neither can
   * compare and write in one step, and pretending would let two refreshes both win.
   *
   * @example
   * ```ts
   * const before = await store.get('rt:family:abc');
   * const won = await store.compareAndSet('rt:family:abc', before, JSON.stringify(next), 86_400_000);
   * if (!won) {
   *   // Someone else changed it first: read again and decide again.
   * }
   * ```
   */
  compareAndSet?(
    key: string,
    expected: string | undefined,
    next: string,
    ttlMs: number,
  ): Promise<boolean>;
  /**
   * Removes `key`; resolves whether or not it was there. Optional, implemented by the
   * stores that implement {@link SharedStore.compareAndSet}.
   *
   * @example
   * ```ts
   * await store.delete?.('rt:family:abc');
   * ```
   */
  delete?(key: string): Promise<void>;
}

/**
 * The prefix every store puts before its keys unless told otherwise.
 *
 * @example
 * ```ts
 * const store = createMemoryStore({ prefix: `${DEFAULT_STORE_PREFIX}tenant-a:` });
 * ```
 */
export const DEFAULT_STORE_PREFIX = 'jwt-guard:';
