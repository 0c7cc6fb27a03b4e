/**
 * The wait after an introspection endpoint failed: uncached tokens get 503 at once until
 * it is over, so an outage costs the provider one call per wait, not one per request. The
 * wait doubles from a second (or from the maximum, when smaller) up to `maxRetryDelay`,
 * and the first success ends it: recovery needs no restart.
 */

/** One endpoint's backoff. */
export interface RetryBackoff {
  /** Milliseconds left to wait, or 0 when the endpoint may be called. */
  remaining(): number;
  /** A call failed: wait longer. */
  failed(): void;
  /** A call succeeded: no more waiting. */
  succeeded(): void;
}

const FIRST_DELAY_MS = 1_000;

/**
 * Creates a backoff.
 *
 * @example
 * ```ts
 * const backoff = createRetryBackoff(10_000, Date.now);
 * if (backoff.remaining() > 0) throw unavailable(backoff.remaining());
 * ```
 */
export function createRetryBackoff(maxDelayMs: number, now: () => number): RetryBackoff {
  let delay = 0;
  let retryAt = 0;
  return {
    remaining: () => Math.max(0, retryAt - now()),
    failed() {
      delay = Math.min(maxDelayMs, delay === 0 ? FIRST_DELAY_MS : delay * 2);
      retryAt = now() + delay;
    },
    succeeded() {
      delay = 0;
      retryAt = 0;
    },
  };
}
