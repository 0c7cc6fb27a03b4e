/** Percentiles of a sorted sample, shared by the deny-list fleet and its parent. */

/**
 * The value at quantile `q` (0 to 1) of `sorted` (ascending), nearest rank.
 *
 * @example
 * ```ts
 * percentile(Float64Array.of(1, 2, 3, 4), 0.5); // 2
 * ```
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
