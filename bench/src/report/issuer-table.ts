/** Phase 4 as two tables (issue(), refresh()) and the Redis round-trip count. */
import { spread } from '../measure.js';
import type { IssuerResults, IssuerRow } from '../results.js';
import { rate, table } from './format.js';

const percent = (value: number | undefined) =>
  value === undefined ? 'n/a' : `${(value * 100).toFixed(0)}%`;

function rows(list: readonly IssuerRow[], ratioTitle: string): string {
  const body = list.map((row) => [
    row.label,
    rate(row.opsPerSec),
    `${rate(Math.min(...row.rounds))}–${rate(Math.max(...row.rounds))}`,
    percent(spread([row.rounds])),
    row.ratio.toFixed(2),
  ]);
  return table(['case', 'calls/s (median)', 'rounds min–max', 'spread', ratioTitle], body);
}

/**
 * Renders the issuer phase.
 *
 * @example
 * ```ts
 * console.log(issuerTables(results.issuer));
 * ```
 */
export function issuerTables(issuer: IssuerResults): string {
  const issue = issuer.issue.find((row) => row.id === 'issue-memory');
  const trips = issuer.redisTrips;
  return [
    rows(issuer.issue, '÷ raw sign'),
    `issue() on the memory store ÷ node:crypto's raw ES256 sign (a ${issuer.inputBytes}-byte signing input, as long as an access token's): **${issue?.ratio.toFixed(2)}** (target ≥ 0.8).`,
    rows(issuer.refresh, '÷ memory'),
    `Store round trips per refresh() on Redis, over ${trips.calls} calls: median **${trips.median}**, min ${trips.min}, max ${trips.max}; more than 2 in ${trips.overTwo}, with ${trips.ringReads} re-read(s) of the key ring among them (one per \`keys.refreshEvery\`, 10 s, whichever call falls due); on the family alone at most **${trips.familyMax}** (target ≤ 2).`,
  ].join('\n\n');
}
