/**
 * The check that phase 2 measures the server: on each framework's no-auth server, the
 * cheap client (own process, static requests) must get more req/s than the old one
 * (autocannon in the bench's process, a `setupRequest` callback per request).
 */
import type { HttpRow } from '../results.js';
import { rate, ratio, table } from './format.js';
import { cpu, pairedShare } from './http-table.js';

/**
 * The check as a table, one line per framework, and the frameworks where req/s did not rise.
 *
 * @example
 * ```ts
 * const { markdown, failed } = clientCheckTable(results.http);
 * ```
 */
export function clientCheckTable(rows: readonly HttpRow[]): { markdown: string; failed: string[] } {
  const failed: string[] = [];
  const body: string[][] = [];
  for (const cheap of rows.filter((r) => r.auth === 'none' && r.client === 'own-process')) {
    const old = rows.find(
      (r) => r.framework === cheap.framework && r.auth === 'none' && r.client === 'in-process',
    );
    if (cheap.rps === undefined || old?.rps === undefined) continue;
    const gain = pairedShare(cheap, old) ?? 0;
    const rises = gain > 1;
    if (!rises) failed.push(cheap.framework);
    body.push([
      cheap.framework,
      rate(old.rps),
      rate(cheap.rps),
      ratio(gain, 1),
      `${cpu(old.serverCpu)} → ${cpu(cheap.serverCpu)}`,
      `${cpu(old.clientCpu)} → ${cpu(cheap.clientCpu)}`,
      rises ? 'yes' : 'NO',
    ]);
  }
  const headers = [
    'framework',
    'old client req/s',
    'new client req/s',
    'new ÷ old',
    'server CPU',
    'client CPU',
    'rises',
  ];
  return { markdown: table(headers, body), failed };
}
