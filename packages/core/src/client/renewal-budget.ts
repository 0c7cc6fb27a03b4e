/**
 * How many times a client may renew its token because a server refused it: a sliding
 * window, so a server that refuses every token cannot make the client ask the issuer for
 * one token per call.
 */

/** At most `max` renewals in any `perMs` milliseconds. */
export interface RenewalLimit {
  readonly max: number;
  readonly perMs: number;
}

/** The renewals left in the current window. */
export interface RenewalBudget {
  /** Takes one renewal if the window has one left; false when the limit is reached. */
  take(): boolean;
}

/**
 * Creates the budget of one client.
 *
 * @example
 * ```ts
 * const budget = createRenewalBudget({ max: 5, perMs: 60_000 }, Date.now);
 * if (!budget.take()) return refusedResponse;
 * ```
 */
export function createRenewalBudget(limit: RenewalLimit, now: () => number): RenewalBudget {
  // At most `max` timestamps, oldest first.
  const taken: number[] = [];
  return {
    take() {
      const at = now();
      while (taken.length > 0 && (taken[0] as number) <= at - limit.perMs) taken.shift();
      if (taken.length >= limit.max) return false;
      taken.push(at);
      return true;
    },
  };
}
