/**
 * A budget of outbound fetches per minute, for the issuers no token has verified yet (issue
 * 19 §1.1: a pattern resolver let anyone cause one fetch per request without a credential).
 * With a shared store the budget is the fleet's: each fetch takes one numbered slot of the
 * current minute with `setIfAbsent`, so the whole fleet takes at most `perMinute` slots,
 * whatever its size. Without a store, or while the store fails, the budget is this
 * instance's own.
 */
import type { SharedStore } from '../store/shared-store.js';

/** Options of {@link createFetchBudget}. */
export interface FetchBudgetOptions {
  /** Fetches allowed per minute (a window of the clock's minutes); 0 allows none. */
  readonly perMinute: number;
  /** The fleet's store; `undefined` keeps the budget in this instance. */
  readonly store: SharedStore | undefined;
  /** The clock, in milliseconds since the epoch. */
  readonly now: () => number;
}

/** Takes from the budget. */
export interface FetchBudget {
  /** `true` when a fetch may go out now (a slot was taken); `false` when the minute's budget is spent. */
  take(): Promise<boolean>;
}

const WINDOW_MS = 60_000;
// Slots outlive their minute, so an instance whose clock lags a little still sees them.
const SLOT_TTL_MS = 2 * WINDOW_MS;

/**
 * Creates a budget.
 *
 * @example
 * ```ts
 * const budget = createFetchBudget({ perMinute: 10, store, now: Date.now });
 * if (!(await budget.take())) throw new Error('budget spent');
 * ```
 */
export function createFetchBudget(options: FetchBudgetOptions): FetchBudget {
  const { perMinute, store, now } = options;
  // This instance's own count, for a budget without a store or while the store fails.
  const local = { window: Number.NaN, used: 0 };
  const takeLocal = (window: number): boolean => {
    if (local.window !== window) {
      local.window = window;
      local.used = 0;
    }
    if (local.used >= perMinute) return false;
    local.used += 1;
    return true;
  };
  // The first slot of the window not yet known to be taken: each slot is asked for once per
  // instance, so a spent budget costs the store nothing more until the minute turns.
  const fleet = { window: Number.NaN, next: 0 };
  return {
    async take() {
      const window = Math.floor(now() / WINDOW_MS);
      if (!store) return takeLocal(window);
      if (fleet.window !== window) {
        fleet.window = window;
        fleet.next = 0;
      }
      while (fleet.next < perMinute) {
        const slot = fleet.next;
        fleet.next += 1;
        try {
          if (await store.setIfAbsent(`issuer-budget:${window}:${slot}`, '1', SLOT_TTL_MS)) {
            return true;
          }
        } catch {
          // A store that fails cannot lift the bound: this instance's own share applies.
          return takeLocal(window);
        }
      }
      return false;
    },
  };
}
