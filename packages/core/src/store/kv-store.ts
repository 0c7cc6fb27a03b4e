/** A shared store on Cloudflare Workers KV: eventually consistent, for caches only. */

import { readEnvelope, writeEnvelope } from './expiry-envelope.js';
import type { SharedStore } from './shared-store.js';
import { StoreError } from './store-error.js';
import { checkTtl, resolvePrefix } from './store-options.js';

/**
 * The part of a Workers `KVNamespace` binding this store uses, so core needs no Workers
 * types.
 *
 * @example
 * ```ts
 * const namespace: KvNamespaceLike = env.JWT_GUARD_KV;
 * ```
 */
export interface KvNamespaceLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options: { expirationTtl: number }): Promise<void>;
}

/**
 * Options of {@link createKvStore}.
 *
 * @example
 * ```ts
 * const options: KvStoreOptions = { prefix: 'api-a:' };
 * ```
 */
export interface KvStoreOptions {
  /** Put before every key. Default `'jwt-guard:'`. */
  readonly prefix?: string;
}

/** KV refuses an `expirationTtl` under 60 seconds. */
const KV_MIN_TTL_SECONDS = 60;

/**
 * A {@link SharedStore} on Workers KV, for state that may be stale for a while: a cached
 * key set, say. KV has three limits that shape it:
 *
 * - KV keeps an entry at least 60 seconds (`expirationTtl` has that minimum), so shorter
 *   times to live are rounded up there; the expiry time travels with the value and `get`
 *   honours the requested time to live to the millisecond regardless.
 * - KV is eventually consistent: a write can take up to a minute to be seen elsewhere.
 * - KV has no atomic set-if-absent. **Do not use KV for DPoP replay detection or any other
 *   check that must see every write**: `setIfAbsent` always rejects with a {@link StoreError}
 *   of code `ERR_STORE_NOT_ATOMIC` rather than pretend, so a replay check built on it fails
 *   closed at once. Use Redis (`@jwt-guard/redis`) or `createDurableObjectStore` for
 *   that. Nor does it implement `compareAndSet`, so refresh-token and key-ring state refuse it.
 *
 * When KV fails (an outage, or its limit of one write per second per key), `get` and `set`
 * reject with a {@link StoreError} of code `ERR_STORE_UNAVAILABLE`, the KV error as `cause`.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request: Request, env: { JWT_GUARD_KV: KvNamespaceLike }) {
 *     const store = createKvStore(env.JWT_GUARD_KV);
 *     await store.set('jwks:issuer-a', JSON.stringify(jwks), 600_000);
 *     return new Response('ok');
 *   },
 * };
 * ```
 */
export function createKvStore(
  namespace: KvNamespaceLike,
  options: KvStoreOptions = {},
): SharedStore {
  if (typeof namespace?.get !== 'function' || typeof namespace.put !== 'function') {
    throw new TypeError('createKvStore: namespace must be a KV namespace binding');
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createKvStore: options must be an object');
  }
  const prefix = resolvePrefix(options.prefix, 'createKvStore');
  return {
    async get(key) {
      let stored: string | null;
      try {
        stored = await namespace.get(prefix + key);
      } catch (cause) {
        throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
      }
      return stored === null ? undefined : readEnvelope(stored, Date.now());
    },
    async set(key, value, ttlMs) {
      checkTtl(ttlMs);
      const expirationTtl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttlMs / 1000));
      try {
        await namespace.put(prefix + key, writeEnvelope(value, Date.now() + ttlMs), {
          expirationTtl,
        });
      } catch (cause) {
        throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
      }
    },
    async setIfAbsent() {
      throw new StoreError('ERR_STORE_NOT_ATOMIC');
    },
  };
}
