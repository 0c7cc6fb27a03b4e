/** Number formats and aligned Markdown tables, shared by the console and latest.md. */

/**
 * A rate, short: `850`, `12.3k`, `146k`, `1.05M`.
 *
 * @example
 * ```ts
 * rate(12_345); // "12.3k"
 * ```
 */
export function rate(value: number): string {
  if (value < 1000) return value.toFixed(0);
  if (value >= 999_500) return `${(value / 1e6).toFixed(2)}M`;
  return `${(value / 1000).toFixed(value < 100_000 ? 1 : 0)}k`;
}

/**
 * A ratio with three significant digits at most: `×1.23`, `×84.8`, `×850`.
 *
 * @example
 * ```ts
 * ratio(4200, 3500); // "×1.20"
 * ```
 */
export function ratio(numerator: number | undefined, denominator: number | undefined): string {
  if (numerator === undefined || denominator === undefined || denominator === 0) return '';
  const value = numerator / denominator;
  return `×${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)}`;
}

/**
 * A Markdown table with padded columns, readable as plain text too. The first `left`
 * columns are left-aligned, the rest (numbers) right-aligned.
 *
 * @example
 * ```ts
 * table(['name', 'ops/s'], [['ours', '4.2k']]);
 * ```
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  left = 1,
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cell: string | undefined, i: number) =>
    i < left ? (cell ?? '').padEnd(widths[i]!) : (cell ?? '').padStart(widths[i]!);
  const line = (cells: readonly string[]) =>
    `| ${widths.map((_, i) => pad(cells[i], i)).join(' | ')} |`;
  // Spelled as the repository's formatter spells a rule, so a table copied into a linted
  // Markdown file (the README's figures) stays as written.
  const rule = `| ${widths.map((w, i) => (i < left ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
