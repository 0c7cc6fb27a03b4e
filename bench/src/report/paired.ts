/**
 * Per-round ratios between two HTTP rows (the cases take turns within each round, so a
 * round's two figures met the same load), and how they are written: median and range.
 */
import { median } from '../measure.js';
import type { HttpRow } from '../results.js';

/** What a ratio compares: req/s, or the server's CPU time per request. */
export type PairedMetric = 'rps' | 'cost';

const costs = (row: HttpRow) =>
  (row.rounds ?? []).map((rps, i) => (row.serverCpuRounds?.[i] ?? Number.NaN) / rps);

/**
 * `row` ÷ `other`, round by round, in req/s (`rps`) or server CPU per request (`cost`);
 * empty when either is missing or their rounds do not pair up.
 *
 * @example
 * ```ts
 * pairedRatios(refused, accepted, 'cost'); // [1.04, 0.98, 1.10]
 * ```
 */
export function pairedRatios(
  row: HttpRow | undefined,
  other: HttpRow | undefined,
  metric: PairedMetric,
): number[] {
  const mine = row && (metric === 'rps' ? (row.rounds ?? []) : costs(row));
  const theirs = other && (metric === 'rps' ? (other.rounds ?? []) : costs(other));
  if (!mine || !theirs || mine.length === 0 || mine.length !== theirs.length) return [];
  return mine.map((value, i) => value / (theirs[i] as number)).filter(Number.isFinite);
}

/**
 * The median of per-round ratios, or `undefined` without any.
 *
 * @example
 * ```ts
 * pairedMedian(ours, noAuth, 'rps'); // 0.91
 * ```
 */
export function pairedMedian(
  row: HttpRow | undefined,
  other: HttpRow | undefined,
  metric: PairedMetric,
): number | undefined {
  const ratios = pairedRatios(row, other, metric);
  return ratios.length === 0 ? undefined : median(ratios);
}

/**
 * Per-round ratios as `0.97 (0.91–1.02)`: the median, then the lowest and highest round.
 *
 * @example
 * ```ts
 * withSpread([0.91, 0.97, 1.02]); // "0.97 (0.91–1.02)"
 * ```
 */
export function withSpread(ratios: readonly number[]): string {
  if (ratios.length === 0) return '—';
  const digits = (value: number) => value.toFixed(2);
  const m = digits(median(ratios));
  return ratios.length === 1
    ? m
    : `${m} (${digits(Math.min(...ratios))}–${digits(Math.max(...ratios))})`;
}

/**
 * One sentence saying whether ours met a table's targets, naming the cells that missed.
 *
 * @example
 * ```ts
 * targetVerdict(['hono expired']); // "Ours misses the target on: hono expired."
 * ```
 */
export function targetVerdict(missed: readonly string[]): string {
  return missed.length === 0
    ? 'Ours meets the target everywhere.'
    : `Ours misses the target on: ${missed.join(', ')}.`;
}
