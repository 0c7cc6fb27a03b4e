/**
 * The refused floods of phase 2 (issue 24) as one table: per framework and middleware, what
 * a refused request costs the server next to an accepted one on the same server.
 */
import { REFUSAL_KINDS, REFUSAL_LABELS } from '../http/refusals.js';
import { median } from '../measure.js';
import type { HttpRow } from '../results.js';
import { table } from './format.js';
import { pairedRatios, withSpread } from './paired.js';

/** Refused at most this many times an accepted token's cost, or the target is missed. */
export const REFUSAL_COST_TARGET = 1.2;

/**
 * Each cell: the server's CPU time per refused request ÷ per accepted request (one token
 * repeated; ours answers it from its cache), median over rounds (lowest–highest), then the
 * refused flood's req/s ÷ the same framework's no-auth route. Also returns the cells of ours
 * that miss {@link REFUSAL_COST_TARGET}.
 *
 * @example
 * ```ts
 * const { markdown, missed } = refusalTable(results.http);
 * ```
 */
export function refusalTable(rows: readonly HttpRow[]): { markdown: string; missed: string[] } {
  const measured = rows.filter((r) => r.client === 'own-process');
  const find = (framework: string, auth: string, mode: string) =>
    measured.find((r) => r.framework === framework && r.auth === auth && r.mode === mode);
  const missed: string[] = [];
  const body: string[][] = [];
  for (const accepted of measured.filter((r) => r.mode === 'hot' && hasRefusals(measured, r))) {
    const { framework, auth } = accepted;
    const noAuth = find(framework, 'none', 'hot');
    const cells = REFUSAL_KINDS.map((kind) => {
      const refused = find(framework, auth, kind);
      if (refused?.rps === undefined) return '—';
      const cost = pairedRatios(refused, accepted, 'cost');
      const share = pairedRatios(refused, noAuth, 'rps');
      if (auth === 'ours' && cost.length > 0 && median(cost) > REFUSAL_COST_TARGET) {
        missed.push(`${framework} ${REFUSAL_LABELS[kind]}`);
      }
      return `×${withSpread(cost)} · ${withSpread(share)}`;
    });
    body.push([framework, accepted.label, ...cells]);
  }
  const headers = ['framework', 'middleware', ...REFUSAL_KINDS.map((k) => REFUSAL_LABELS[k])];
  return { markdown: table(headers, body, 2), missed };
}

const hasRefusals = (rows: readonly HttpRow[], accepted: HttpRow) =>
  rows.some(
    (r) =>
      r.framework === accepted.framework &&
      r.auth === accepted.auth &&
      (REFUSAL_KINDS as readonly string[]).includes(r.mode),
  );
