/** Phase 1 as one table per algorithm: rows are contenders, columns the four cells. */
import type { Alg } from '../config.js';
import type { InProcessRow, TokenMode } from '../results.js';
import { rate, ratio, table } from './format.js';

const CELLS: readonly { mode: TokenMode; sequential: boolean; title: string }[] = [
  { mode: 'hot', sequential: true, title: 'hot seq' },
  { mode: 'hot', sequential: false, title: 'hot in flight' },
  { mode: 'cold', sequential: true, title: 'cold seq' },
  { mode: 'cold', sequential: false, title: 'cold in flight' },
];

/**
 * Renders the phase 1 tables: `rate ×r (×d)` per cell, where r = the like-for-like
 * variant of ours named in "vs" ÷ this contender, and d = ours with defaults ÷ this.
 *
 * @example
 * ```ts
 * console.log(inProcessTables(results.inProcess, 32));
 * ```
 */
export function inProcessTables(rows: readonly InProcessRow[], inFlight: number): string {
  const algs = [...new Set(rows.map((r) => r.alg))] as Alg[];
  return algs
    .map((alg) => {
      const ofAlg = rows.filter((r) => r.alg === alg);
      const find = (id: string, cell: (typeof CELLS)[number]) =>
        ofAlg.find(
          (r) => r.id === id && r.mode === cell.mode && (r.inFlight === 1) === cell.sequential,
        );
      const ids = [...new Set(ofAlg.map((r) => r.id))];
      const body = ids.map((id) => {
        const first = ofAlg.find((r) => r.id === id)!;
        const cells = CELLS.map((cell) => {
          const row = find(id, cell);
          if (row?.opsPerSec === undefined) return '—';
          if (row.id === 'ours') return rate(row.opsPerSec);
          const like = ratio(find(row.baseline, cell)?.opsPerSec, row.opsPerSec);
          if (row.baseline === 'ours') return `${rate(row.opsPerSec)} ${like}`.trim();
          const ours = ratio(find('ours', cell)?.opsPerSec, row.opsPerSec);
          return `${rate(row.opsPerSec)} ${like} (${ours})`;
        });
        return [first.label, first.id === 'ours' ? '' : first.baseline, ...cells];
      });
      const headers = [
        'contender',
        'vs',
        ...CELLS.map((c) => c.title.replace('in flight', `×${inFlight}`)),
      ];
      return `### ${alg}\n\n${table(headers, body, 2)}`;
    })
    .join('\n\n');
}
