/** A shared store on the Cache API (`caches.default` in Workers): per data centre, for caches only. */
import type { SharedStore } from './shared-store.js';
import { StoreError } from './store-error.js';
import { checkTtl, resolvePrefix } from './store-options.js';

/**
 * The part of a Cache API `Cache` this store uses (Workers' `caches.default`, or a cache
 * from `caches.open`).
 *
 * @example
 * ```ts
 * const cache: CacheLike = caches.default;
 * ```
 */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

/**
 * Options of {@link createCacheApiStore}.
 *
 * @example
 * ```ts
 * const options: CacheApiStoreOptions = { origin: 'https://api.example.com' };
 * ```
 */
export interface CacheApiStoreOptions {
  /**
   * The origin of the URLs the entries are cached under (required). Use one of the
   * Worker's own zone: Workers keep Cache API entries per zone.
   */
  readonly origin: string;
  /** Put before every key. Default `'jwt-guard:'`. */
  readonly prefix?: string;
}

/** The header that carries the entry's expiry, in epoch milliseconds. */
const EXPIRES_HEADER = 'x-jwt-guard-expires';

/**
 * A {@link SharedStore} on the Cache API. Entries are cached as responses under
 * `<origin>/<prefix + key, URL-encoded>`, with `Cache-Control: max-age` for the cache's own
 * eviction and the exact expiry in a header, which `get` honours to the millisecond.
 *
 * The Cache API is per data centre, not global, and may evict any entry at any time: a
 * miss is always possible. It has no atomic set-if-absent, so **do not use it for DPoP
 * replay detection or any check that must see every write**: `setIfAbsent` always rejects
 * with a {@link StoreError} of code `ERR_STORE_NOT_ATOMIC`. When the cache fails, `get` and
 * `set` reject with a {@link StoreError} of code `ERR_STORE_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const store = createCacheApiStore(caches.default, { origin: 'https://api.example.com' });
 * await store.set('jwks:issuer-a', JSON.stringify(jwks), 600_000);
 * ```
 */
export function createCacheApiStore(cache: CacheLike, options: CacheApiStoreOptions): SharedStore {
  if (typeof cache?.match !== 'function' || typeof cache.put !== 'function') {
    throw new TypeError('createCacheApiStore: cache must be a Cache API cache');
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createCacheApiStore: options must be an object');
  }
  const prefix = resolvePrefix(options.prefix, 'createCacheApiStore');
  const origin = parseOrigin(options.origin);
  const urlOf = (key: string) => `${origin}/${encodeURIComponent(prefix + key)}`;
  return {
    async get(key) {
      try {
        const response = await cache.match(urlOf(key));
        if (response === undefined) return undefined;
        const expiresAtMs = Number(response.headers.get(EXPIRES_HEADER));
        // An entry without our expiry header was not written by this store: a miss.
        if (!(expiresAtMs > Date.now())) return undefined;
        return await response.text();
      } catch (cause) {
        throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
      }
    },
    async set(key, value, ttlMs) {
      checkTtl(ttlMs);
      const response = new Response(value, {
        headers: {
          'cache-control': `max-age=${Math.ceil(ttlMs / 1000)}`,
          'content-type': 'text/plain; charset=utf-8',
          [EXPIRES_HEADER]: String(Math.ceil(Date.now() + ttlMs)),
        },
      });
      try {
        await cache.put(urlOf(key), response);
      } catch (cause) {
        throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
      }
    },
    async setIfAbsent() {
      throw new StoreError('ERR_STORE_NOT_ATOMIC');
    },
  };
}

function parseOrigin(origin: unknown): string {
  if (typeof origin === 'string' && URL.canParse(origin)) {
    const url = new URL(origin);
    if (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.origin === origin.replace(/\/$/, '')
    ) {
      return url.origin;
    }
  }
  throw new TypeError(
    'createCacheApiStore: origin must be an http(s) origin, like https://api.example.com',
  );
}
