/** A report section of the phases that keep their own results (deny, scale, floors). */

/**
 * One phase's part of the report: its Markdown (title included) and its figures, kept in
 * the results JSON under `sections`.
 */
export interface ReportSection {
  readonly phase: string;
  readonly markdown: string;
  readonly data: unknown;
}

/**
 * `(max − min) ÷ median` of one list of rounds, as a percentage string.
 *
 * @example
 * ```ts
 * spreadText([90, 100, 110]); // '20%'
 * ```
 */
export function spreadText(rounds: readonly number[]): string {
  if (rounds.length < 2) return 'n/a';
  const sorted = [...rounds].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return `${(((sorted.at(-1)! - sorted[0]!) / median) * 100).toFixed(0)}%`;
}
