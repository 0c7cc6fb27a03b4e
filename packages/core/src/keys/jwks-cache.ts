/**
 * Keeps an issuer's key set fresh: one fetch in flight shared by every request, freshness
 * from `Cache-Control: max-age` within bounds, `ETag` revalidation, refresh ahead of
 * expiry, stale keys for a bounded grace when the issuer fails, backoff after failures,
 * and a cooldown on refetches for unknown `kid`s.
 */
import type { FetchJsonResult } from './fetch-json.js';
import type { KeySet } from './key-set.js';

/** Timings of the cache, in milliseconds. */
export interface JwksCacheTimings {
  /** Freshness when the response has no `Cache-Control`, and the upper bound on its `max-age`. */
  readonly cacheMaxAge: number;
  /** Least time between two refetches caused by unknown `kid`s; lower bound on `max-age`. */
  readonly cooldownDuration: number;
  /** Longest any request waits for a fetch. */
  readonly timeoutDuration: number;
  /** How long past freshness the last good keys serve while the issuer fails. */
  readonly staleIfError: number;
}

/** The loader and clock the cache drives. */
export interface JwksCacheOptions extends JwksCacheTimings {
  /** Fetches the key set document (discovering its URL first when needed). */
  readonly load: (etag: string | undefined) => Promise<FetchJsonResult>;
  /** Builds a key set from the document; throws when it holds no usable key. */
  readonly build: (json: unknown) => KeySet;
  readonly now: () => number;
}

/** One generation of keys. `version` grows with every new document. */
export interface KeySetEntry {
  readonly keySet: KeySet;
  readonly version: number;
  readonly fetchedAt: number;
  readonly freshUntil: number;
  readonly etag: string | undefined;
}

/** Why no keys could be had, and how long until the next attempt (ms). */
export class KeysUnavailable extends Error {
  override readonly name = 'KeysUnavailable';
  constructor(
    readonly retryAfterMs: number,
    options?: ErrorOptions,
  ) {
    super('signing keys unavailable', options);
  }
}

/** What a request lends the cache: a way to keep background work alive past the response. */
export interface RequestContext {
  /** Workers' `ctx.waitUntil`: without it a background refresh dies with the response. */
  readonly waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

/** The cache's operations. */
export interface JwksCache {
  /** Usable keys: fresh, or stale within the grace while the issuer fails. */
  get(context?: RequestContext): Promise<KeySetEntry>;
  /**
   * Refetch for an unknown kid, once per cooldown: `undefined` when the cooldown refuses it;
   * rejects with {@link KeysUnavailable} when the issuer cannot be reached.
   */
  refreshForUnknownKey(seen: KeySetEntry): Promise<KeySetEntry | undefined>;
  /** The current entry without any fetching. */
  peek(): KeySetEntry | undefined;
  /** The current entry while fresh (starting a refresh ahead of expiry when due), else undefined. */
  fresh(context?: RequestContext): KeySetEntry | undefined;
}

// Refresh in the background once this share of the freshness has passed.
const REFRESH_AHEAD = 0.8;
const FIRST_BACKOFF_MS = 1000;

/**
 * Creates the cache. Nothing is fetched until the first `get()`.
 *
 * @example
 * ```ts
 * const cache = createJwksCache({ load, build, now: Date.now, cacheMaxAge: 600_000,
 *   cooldownDuration: 30_000, timeoutDuration: 5_000, staleIfError: 600_000 });
 * const { keySet } = await cache.get();
 * ```
 */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const { now, cacheMaxAge, cooldownDuration, timeoutDuration, staleIfError } = options;
  let current: KeySetEntry | undefined;
  // `orphan`: started in the background with nothing to keep it alive. On Workers such a
  // fetch is cancelled with the response that started it and never settles.
  let pending: { promise: Promise<KeySetEntry>; startedAt: number; orphan: boolean } | undefined;
  let lastUnknownKeyRefreshAt = Number.NEGATIVE_INFINITY;
  let nextAttemptAt = Number.NEGATIVE_INFINITY;
  let failures = 0;
  let version = 0;

  const freshness = (maxAgeSeconds: number | undefined) =>
    maxAgeSeconds === undefined
      ? cacheMaxAge
      : Math.min(cacheMaxAge, Math.max(cooldownDuration, maxAgeSeconds * 1000));

  const attempt = (orphan = false): Promise<KeySetEntry> => {
    const t = now();
    // Join the fetch under way unless it outlived its timeout (abandoned) or is an orphan a
    // request would have to wait on: start a new one instead.
    if (pending && t - pending.startedAt <= timeoutDuration + 1000 && (orphan || !pending.orphan)) {
      return pending.promise;
    }
    const promise = options.load(current?.etag).then(
      (result) => {
        const at = now();
        if (result.notModified && current) {
          current = { ...current, fetchedAt: at, freshUntil: at + freshness(result.maxAgeSeconds) };
        } else if (!result.notModified) {
          const keySet = options.build(result.json);
          version += 1;
          current = {
            keySet,
            version,
            fetchedAt: at,
            freshUntil: at + freshness(result.maxAgeSeconds),
            etag: result.etag,
          };
        }
        failures = 0;
        nextAttemptAt = Number.NEGATIVE_INFINITY;
        if (!current) throw new Error('304 without a cached key set');
        return current;
      },
      (error: unknown) => {
        failures += 1;
        nextAttemptAt = now() + Math.min(cooldownDuration, FIRST_BACKOFF_MS * 2 ** (failures - 1));
        throw error;
      },
    );
    const entry = { promise, startedAt: t, orphan };
    pending = entry;
    const clear = () => {
      if (pending === entry) pending = undefined;
    };
    promise.then(clear, clear);
    return promise;
  };

  // Every waiter bounds its own wait, so no request can hang on a fetch it did not start.
  const bounded = (promise: Promise<KeySetEntry>) =>
    new Promise<KeySetEntry>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), timeoutDuration + 250);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  const unavailable = (cause: unknown) =>
    new KeysUnavailable(Math.max(1000, nextAttemptAt - now()), { cause });

  const canAttempt = () => pending !== undefined || now() >= nextAttemptAt;

  const inBackground = (context: RequestContext | undefined) => {
    const refresh = attempt(!context?.waitUntil).catch(() => undefined);
    context?.waitUntil?.(refresh);
  };

  return {
    peek: () => current,

    fresh(context) {
      if (!current || now() >= current.freshUntil) return undefined;
      const ahead = current.fetchedAt + (current.freshUntil - current.fetchedAt) * REFRESH_AHEAD;
      if (now() >= ahead && canAttempt()) inBackground(context);
      return current;
    },

    async get(context) {
      const fresh = this.fresh(context);
      if (fresh) return fresh;
      const t = now();
      const stale = current && t < current.freshUntil + staleIfError ? current : undefined;
      // Stale-if-error: once a refresh has failed, requests take the last good keys at once
      // and retries go on in the background, spaced by the backoff.
      if (stale && failures > 0) {
        if (canAttempt()) inBackground(context);
        return stale;
      }
      if (!canAttempt()) {
        if (stale) return stale;
        throw unavailable(undefined);
      }
      try {
        return await bounded(attempt());
      } catch (error) {
        if (stale) return stale;
        throw unavailable(error);
      }
    },

    async refreshForUnknownKey(seen) {
      if (current && current.version !== seen.version) return current;
      // An unknown kid while the issuer cannot be reached is no verdict on the token:
      // the failure is the issuer's, and the answer is "keys unavailable".
      if (pending)
        return bounded(attempt()).catch((error: unknown) => Promise.reject(unavailable(error)));
      // The cooldown counts from the last refetch an unknown kid caused, so a key rotated
      // in just after a routine fetch is still picked up on first sight.
      if (now() - lastUnknownKeyRefreshAt < cooldownDuration) {
        if (failures > 0) throw unavailable(undefined);
        return undefined;
      }
      lastUnknownKeyRefreshAt = now();
      try {
        return await bounded(attempt());
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}
