/** Phase 2 as one table: req/s and p99 per server and token mode, with both ratios. */
import type { HttpRow } from '../results.js';
import { rate, ratio, table } from './format.js';

/**
 * Renders the phase 2 table. "ours ÷ this" compares req/s with ours on the same framework
 * and token mode; "÷ no auth" compares with the same framework's route without auth.
 *
 * @example
 * ```ts
 * console.log(httpTable(results.http, 5000));
 * ```
 */
export function httpTable(rows: readonly HttpRow[], poolSize: number): string {
  const rps = (framework: string, auth: string, mode?: string) =>
    rows.find((r) => r.framework === framework && r.auth === auth && (!mode || r.mode === mode))
      ?.rps;
  const body = rows.map((row) => {
    const tokens =
      row.auth === 'none'
        ? '(header ignored)'
        : row.mode === 'hot'
          ? '1 repeated'
          : `pool of ${poolSize}`;
    if (row.rps === undefined)
      return [row.framework, row.label, tokens, '—', '—', '', '', 'skipped'];
    const ours =
      row.auth === 'none' || row.auth === 'ours'
        ? ''
        : ratio(rps(row.framework, 'ours', row.mode), row.rps);
    const vsNone = row.auth === 'none' ? '' : ratio(row.rps, rps(row.framework, 'none'));
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
