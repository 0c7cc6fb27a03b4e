/**
 * Ours against the floor any auth middleware pays (issue 24 §2 and §6): per framework, one
 * token and the pool against the no-op middleware and the no-auth route, and the pool
 * against one token, each the median of per-round req/s ratios with its range.
 */
import { median } from '../measure.js';
import type { HttpRow } from '../results.js';
import { table } from './format.js';
import { pairedRatios, withSpread } from './paired.js';

/** Ours ÷ the no-op middleware, and the pool ÷ one token, at least this, or the target is missed. */
export const FLOOR_TARGET = 0.95;

/**
 * Renders the table, one line per framework that has our rows, and lists the ratios with
 * a target ({@link FLOOR_TARGET}) whose median misses it.
 *
 * @example
 * ```ts
 * const { markdown, missed } = floorTable(results.http, 10_000);
 * ```
 */
export function floorTable(
  rows: readonly HttpRow[],
  poolSize: number,
): { markdown: string; missed: string[] } {
  const measured = rows.filter((r) => r.client === 'own-process');
  const frameworks = [
    ...new Set(measured.filter((r) => r.auth === 'ours').map((r) => r.framework)),
  ];
  const missed: string[] = [];
  const body = frameworks.map((framework) => {
    const find = (auth: string, mode: string) =>
      measured.find((r) => r.framework === framework && r.auth === auth && r.mode === mode);
    const [one, pool] = [find('ours', 'hot'), find('ours', 'cold')];
    const [noop, none] = [find('noop', 'hot'), find('none', 'hot')];
    const targeted = (name: string, ratios: number[]) => {
      if (ratios.length > 0 && median(ratios) < FLOOR_TARGET) missed.push(`${framework} ${name}`);
      return withSpread(ratios);
    };
    return [
      framework,
      targeted('1 token ÷ no-op', pairedRatios(one, noop, 'rps')),
      targeted('pool ÷ no-op', pairedRatios(pool, noop, 'rps')),
      withSpread(pairedRatios(one, none, 'rps')),
      withSpread(pairedRatios(pool, none, 'rps')),
      targeted('pool ÷ 1 token', pairedRatios(pool, one, 'rps')),
    ];
  });
  const markdown = table(
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
  return { markdown, missed };
}
