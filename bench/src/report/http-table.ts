/** Phase 2 as one table: req/s and p99 per server and token mode, with both ratios. */
import { median } from '../measure.js';
import type { HttpRow } from '../results.js';
import { rate, ratio, table } from './format.js';

// Cases take turns within each round, so a round's two figures met the same machine load:
// the median of the per-round ratios is steadier than the ratio of the medians.
function pairedRatio(row: HttpRow, other: HttpRow | undefined): string {
  const mine = row.rounds ?? [];
  const theirs = other?.rounds ?? [];
  if (mine.length === 0 || mine.length !== theirs.length) return ratio(row.rps, other?.rps);
  return ratio(median(mine.map((value, i) => value / (theirs[i] as number))), 1);
}

/**
 * Renders the phase 2 table. "ours ÷ this" compares req/s with ours on the same framework
 * and token mode; "÷ no auth" compares with the same framework's route without auth. Both
 * are medians of per-round ratios.
 *
 * @example
 * ```ts
 * console.log(httpTable(results.http, 5000));
 * ```
 */
export function httpTable(rows: readonly HttpRow[], poolSize: number): string {
  const find = (framework: string, auth: string, mode?: string) =>
    rows.find((r) => r.framework === framework && r.auth === auth && (!mode || r.mode === mode));
  const body = rows.map((row) => {
    const tokens =
      row.auth === 'none'
        ? '(header ignored)'
        : row.mode === 'hot'
          ? '1 repeated'
          : `pool of ${poolSize}`;
    if (row.rps === undefined)
      return [row.framework, row.label, tokens, '—', '—', '', '', 'skipped'];
    const oursRow = find(row.framework, 'ours', row.mode);
    const ours =
      row.auth === 'none' || row.auth === 'ours' || !oursRow ? '' : pairedRatio(oursRow, row);
    const vsNone = row.auth === 'none' ? '' : pairedRatio(row, find(row.framework, 'none'));
    return [
      row.framework,
      row.label,
      tokens,
      rate(row.rps),
      (row.p99Ms ?? 0).toFixed(0),
      ours,
      vsNone,
      String(row.failures ?? 0),
    ];
  });
  return table(
    ['framework', 'server', 'tokens', 'req/s', 'p99 ms', 'ours ÷ this', '÷ no auth', 'failed'],
    body,
    3,
  );
}
