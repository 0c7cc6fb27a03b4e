/**
 * Ours against the floor any auth middleware pays (issue 24 §2 and §6): per framework, one
 * token and the pool against the no-op middleware and the no-auth route, and the pool
 * against one token, each the median of per-round req/s ratios with its range.
 */
import type { HttpRow } from '../results.js';
import { table } from './format.js';
import { pairedRatios, withSpread } from './paired.js';

/**
 * Renders the table, one line per framework that has our rows.
 *
 * @example
 * ```ts
 * console.log(floorTable(results.http, 10_000));
 * ```
 */
export function floorTable(rows: readonly HttpRow[], poolSize: number): string {
  const measured = rows.filter((r) => r.client === 'own-process');
  const frameworks = [
    ...new Set(measured.filter((r) => r.auth === 'ours').map((r) => r.framework)),
  ];
  const body = frameworks.map((framework) => {
    const find = (auth: string, mode: string) =>
      measured.find((r) => r.framework === framework && r.auth === auth && r.mode === mode);
    const [one, pool] = [find('ours', 'hot'), find('ours', 'cold')];
    const [noop, none] = [find('noop', 'hot'), find('none', 'hot')];
    return [
      framework,
      withSpread(pairedRatios(one, noop, 'rps')),
      withSpread(pairedRatios(pool, noop, 'rps')),
      withSpread(pairedRatios(one, none, 'rps')),
      withSpread(pairedRatios(pool, none, 'rps')),
      withSpread(pairedRatios(pool, one, 'rps')),
    ];
  });
  return table(
    [
      'framework',
      'ours 1 token ÷ no-op',
      `ours pool of ${poolSize} ÷ no-op`,
      '1 token ÷ no auth',
      'pool ÷ no auth',
      'pool ÷ 1 token',
    ],
    body,
  );
}
