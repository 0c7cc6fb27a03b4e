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
 * key (`replay:`, `jwks:`), as {@link replayStoreFrom} does.
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
