/**
 * Throughput of one verifier: sequential (each verification awaited before the next) or
 * with a fixed number in flight, over a list of tokens cycled from a persistent cursor.
 */
import { performance } from 'node:perf_hooks';

/** What the measuring loop drives. */
export interface Driver {
  /** Resolves when the token verified; rejects otherwise. */
  verify(token: string): Promise<unknown>;
  /** A synchronous form, used instead of `verify` for sequential runs when present. */
  verifySync?(token: string): unknown;
}

/** Where a contender is in its token list; kept across rounds so "cold" keeps cycling. */
export interface Cursor {
  next: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  readonly tokens: readonly string[];
  readonly cursor: Cursor;
  /** 1 for sequential. */
  readonly inFlight: number;
  /** Stop starting new verifications after this long. */
  readonly ms: number;
  /** Stop starting new verifications after this many. Default: unbounded. */
  readonly maxOps?: number;
}

/**
 * Runs verifications for `ms` (or `maxOps`) and returns the rate in operations per second.
 *
 * @example
 * ```ts
 * const opsPerSec = await measure(driver, { tokens, cursor: { next: 0 }, inFlight: 32, ms: 150 });
 * ```
 */
export async function measure(driver: Driver, options: MeasureOptions): Promise<number> {
  const { tokens, cursor, inFlight, ms } = options;
  const maxOps = options.maxOps ?? Number.POSITIVE_INFINITY;
  const size = tokens.length;
  const take = () => {
    const token = tokens[cursor.next % size]!;
    cursor.next = (cursor.next + 1) % size;
    return token;
  };
  let ops = 0;
  const start = performance.now();
  const end = start + ms;

  if (inFlight === 1 && driver.verifySync) {
    while (ops < maxOps && performance.now() < end) {
      driver.verifySync(take());
      ops += 1;
    }
  } else {
    const lane = async () => {
      while (ops < maxOps && performance.now() < end) {
        ops += 1;
        await driver.verify(take());
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  }
  return (ops * 1000) / (performance.now() - start);
}

/**
 * The median of a non-empty list.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How noisy a set of measurements was: over every list of rounds (two or more), the
 * median of (max − min) ÷ median; `undefined` with single rounds.
 *
 * @example
 * ```ts
 * spread([[90, 100, 110], [50, 60]]); // 0.18…
 * ```
 */
export function spread(roundLists: readonly (readonly number[] | undefined)[]): number | undefined {
  const spreads = roundLists.flatMap((rounds) =>
    rounds && rounds.length > 1
      ? [(Math.max(...rounds) - Math.min(...rounds)) / median(rounds)]
      : [],
  );
  return spreads.length === 0 ? undefined : median(spreads);
}
