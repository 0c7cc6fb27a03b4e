/** Phase 2 as one table: req/s, p99 and CPU per server and token mode, with the ratios. */
import { REFUSAL_LABELS } from '../http/refusals.js';
import type { HttpRow } from '../results.js';
import { rate, ratio, table } from './format.js';
import { pairedMedian } from './paired.js';

/**
 * `row` ÷ `other` in req/s, as the median of per-round ratios: cases take turns within
 * each round, so a round's two figures met the same machine load, and the median of the
 * per-round ratios is steadier than the ratio of the medians.
 *
 * @example
 * ```ts
 * pairedShare(oursRow, noAuthRow); // 0.91
 * ```
 */
export function pairedShare(row: HttpRow, other: HttpRow | undefined): number | undefined {
  if (row.rps === undefined || other?.rps === undefined) return undefined;
  return pairedMedian(row, other, 'rps') ?? row.rps / other.rps;
}

const pairedRatio = (row: HttpRow, other: HttpRow | undefined) => ratio(pairedShare(row, other), 1);

/**
 * A share of one core, as a percentage: `97%`.
 *
 * @example
 * ```ts
 * cpu(0.973); // "97%"
 * ```
 */
export const cpu = (value: number | undefined) =>
  value === undefined ? '' : `${(value * 100).toFixed(0)}%`;

/** The server's CPU time per request in µs, from its CPU share and req/s: what it costs. */
const cpuPerRequest = (row: HttpRow) =>
  row.serverCpu === undefined || !row.rps ? '' : ((row.serverCpu / row.rps) * 1e6).toFixed(0);

/**
 * Renders the phase 2 table from the rows of the out-of-process client. "ours ÷ this"
 * compares req/s with ours on the same framework and token mode; "÷ no auth" and "÷ no-op"
 * compare with the same framework's route without auth and behind the no-op middleware.
 * All are medians of per-round ratios.
 *
 * @example
 * ```ts
 * console.log(httpTable(results.http, 5000));
 * ```
 */
export function httpTable(rows: readonly HttpRow[], poolSize: number): string {
  const measured = rows.filter((r) => r.client === 'own-process');
  const find = (framework: string, auth: string, mode?: string) =>
    measured.find(
      (r) => r.framework === framework && r.auth === auth && (!mode || r.mode === mode),
    );
  const body = measured.map((row) => {
    const tokens =
      row.auth === 'none'
        ? '(header ignored)'
        : row.mode === 'hot'
          ? '1 repeated'
          : row.mode === 'cold'
            ? `pool of ${poolSize}`
            : `refused: ${REFUSAL_LABELS[row.mode]}`;
    if (row.rps === undefined)
      return [row.framework, row.label, tokens, '—', '—', '', '', '', '', '', '', 'skipped'];
    const oursRow = find(row.framework, 'ours', row.mode);
    const ours =
      row.auth === 'none' || row.auth === 'ours' || !oursRow ? '' : pairedRatio(oursRow, row);
    const vsNone = row.auth === 'none' ? '' : pairedRatio(row, find(row.framework, 'none'));
    const vsNoop =
      row.auth === 'none' || row.auth === 'bare' || row.auth === 'noop'
        ? ''
        : pairedRatio(row, find(row.framework, 'noop'));
    return [
      row.framework,
      row.label,
      tokens,
      rate(row.rps),
      (row.p99Ms ?? 0).toFixed(0),
      ours,
      vsNone,
      vsNoop,
      cpu(row.serverCpu),
      cpu(row.clientCpu),
      cpuPerRequest(row),
      String(row.failures ?? 0),
    ];
  });
  return table(
    [
      'framework',
      'server',
      'tokens',
      'req/s',
      'p99 ms',
      'ours ÷ this',
      '÷ no auth',
      '÷ no-op',
      'server CPU',
      'client CPU',
      'server µs/req',
      'failed',
    ],
    body,
    3,
  );
}
