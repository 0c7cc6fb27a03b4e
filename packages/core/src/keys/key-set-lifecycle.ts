/**
 * The lifecycle of a fetched key set, as pure functions of the clock: how long it is
 * fresh, when a refresh starts ahead of expiry, how long stale keys may serve while the
 * issuer fails, and how far apart failed attempts are spaced.
 */

/** Timings of a key set, in milliseconds. */
export interface KeySetTimings {
  /** Freshness when the response has no `Cache-Control`, and the upper bound on its `max-age`. */
  readonly cacheMaxAge: number;
  /** Least time between two refetches caused by unknown `kid`s; lower bound on `max-age`. */
  readonly cooldownDuration: number;
  /** Longest any request waits for a fetch. */
  readonly timeoutDuration: number;
  /** How long past freshness the last good keys serve while the issuer fails. */
  readonly staleIfError: number;
}

/** When a key set was fetched and until when it is fresh, in milliseconds since the epoch. */
export interface KeySetAge {
  readonly fetchedAt: number;
  readonly freshUntil: number;
}

/**
 * Where a key set stands:
 * - `fresh`: use it;
 * - `refresh-due`: use it, and refresh in the background (ahead of expiry);
 * - `stale`: past freshness, within the stale-if-error grace: usable only once a refresh
 *   has failed, otherwise a request waits for the refetch;
 * - `expired`: past the grace: never used again.
 */
export type KeySetPhase = 'fresh' | 'refresh-due' | 'stale' | 'expired';

// Refresh in the background once this share of the freshness has passed.
const REFRESH_AHEAD = 0.8;
const FIRST_BACKOFF_MS = 1000;

/**
 * The phase of a key set at `now`.
 *
 * @example
 * ```ts
 * keySetPhase({ fetchedAt: 0, freshUntil: 1000 }, 900, timings); // 'refresh-due'
 * ```
 */
export function keySetPhase(age: KeySetAge, now: number, timings: KeySetTimings): KeySetPhase {
  if (now >= age.freshUntil + timings.staleIfError) return 'expired';
  if (now >= age.freshUntil) return 'stale';
  return now >= refreshDueAt(age) ? 'refresh-due' : 'fresh';
}

/**
 * When a key set stops being `fresh` and a refresh starts ahead of expiry: until then the
 * set can change only by a fetch (a refetch for an unknown `kid`, a shared copy).
 *
 * @example
 * ```ts
 * refreshDueAt({ fetchedAt: 0, freshUntil: 1000 }); // 800
 * ```
 */
export function refreshDueAt(age: KeySetAge): number {
  return age.fetchedAt + (age.freshUntil - age.fetchedAt) * REFRESH_AHEAD;
}

/**
 * How long a fetched set is fresh: its `max-age` within [cooldown, cacheMaxAge], or
 * `cacheMaxAge` without one.
 *
 * @example
 * ```ts
 * freshnessMs(3600, timings); // timings.cacheMaxAge when that is shorter than an hour
 * ```
 */
export function freshnessMs(maxAgeSeconds: number | undefined, timings: KeySetTimings): number {
  if (maxAgeSeconds === undefined) return timings.cacheMaxAge;
  return Math.min(timings.cacheMaxAge, Math.max(timings.cooldownDuration, maxAgeSeconds * 1000));
}

/**
 * How long to wait after the `failures`-th failed attempt in a row: doubling from one
 * second, capped by the cooldown, so an outage never becomes a storm on the issuer.
 *
 * @example
 * ```ts
 * backoffMs(3, timings); // 4000 (with a cooldown of at least 4 s)
 * ```
 */
export function backoffMs(failures: number, timings: KeySetTimings): number {
  return Math.min(timings.cooldownDuration, FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
}
