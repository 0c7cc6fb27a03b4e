/**
 * Phase 2's ratios as a hand-written SVG (results/latest.svg, shown in the README): per
 * framework, ours and each peer, accepted and refused requests, as req/s ÷ the same
 * framework's route without auth, with the lowest and highest round as a whisker.
 */
import { REFUSAL_KINDS, REFUSAL_LABELS } from '../http/refusals.js';
import { median } from '../measure.js';
import type { HttpMode, HttpRow } from '../results.js';
import { pairedRatios } from './paired.js';

const MODES: readonly HttpMode[] = ['hot', 'cold', ...REFUSAL_KINDS];
const BAR = 12;
const GAP = 4;
const LABEL_WIDTH = 330;
const PLOT_WIDTH = 420;
const COLOURS = { hot: '#1f77b4', cold: '#6baed6', refused: '#e6550d' } as const;

interface Bar {
  readonly label: string;
  readonly ours: boolean;
  readonly colour: string;
  readonly ratios: readonly number[];
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const modeLabel = (mode: HttpMode, poolSize: number) =>
  mode === 'hot'
    ? 'accepted, 1 token'
    : mode === 'cold'
      ? `accepted, pool of ${poolSize}`
      : `refused: ${REFUSAL_LABELS[mode]}`;

// The bars of one framework: every verifying middleware, in table order, in every mode run.
function barsOf(rows: readonly HttpRow[], framework: string, poolSize: number): Bar[] {
  const mine = rows.filter((r) => r.framework === framework && r.client === 'own-process');
  const noAuth = mine.find((r) => r.auth === 'none');
  const middlewares = [...new Set(mine.map((r) => r.auth))].filter(
    (auth) => !['none', 'bare'].includes(auth),
  );
  const bars: Bar[] = [];
  for (const auth of middlewares) {
    for (const mode of MODES) {
      const row = mine.find((r) => r.auth === auth && r.mode === mode);
      const ratios = pairedRatios(row, noAuth, 'rps');
      if (!row || ratios.length === 0) continue;
      const colour = mode === 'hot' || mode === 'cold' ? COLOURS[mode] : COLOURS.refused;
      const label = `${row.label} · ${modeLabel(mode, poolSize)}`;
      bars.push({ label, ours: auth === 'ours', colour, ratios });
    }
  }
  return bars;
}

/**
 * The SVG document, or `undefined` when the run measured no HTTP row against a no-auth route.
 *
 * @example
 * ```ts
 * const svg = ratioChart(results.http, 10_000, results.meta.date);
 * ```
 */
export function ratioChart(
  rows: readonly HttpRow[],
  poolSize: number,
  subtitle: string,
): string | undefined {
  const frameworks = [...new Set(rows.map((r) => r.framework))];
  const panels = frameworks
    .map((framework) => ({ framework, bars: barsOf(rows, framework, poolSize) }))
    .filter((panel) => panel.bars.length > 0);
  if (panels.length === 0) return undefined;
  const top = Math.max(1.2, ...panels.flatMap((p) => p.bars.flatMap((b) => b.ratios)));
  const x = (value: number) => LABEL_WIDTH + (Math.min(value, top) / top) * PLOT_WIDTH;
  const parts: string[] = [];
  let y = 74;
  for (const { framework, bars } of panels) {
    parts.push(`<text x="8" y="${y}" class="h">${escapeXml(framework)}</text>`);
    y += 8;
    for (const bar of bars) {
      const m = median(bar.ratios);
      const [low, high] = [Math.min(...bar.ratios), Math.max(...bar.ratios)];
      const mid = y + BAR / 2;
      parts.push(
        `<text x="${LABEL_WIDTH - 6}" y="${mid + 4}" text-anchor="end"${bar.ours ? ' class="o"' : ''}>${escapeXml(bar.label)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${(x(m) - LABEL_WIDTH).toFixed(1)}" height="${BAR}" fill="${bar.colour}"/>`,
        `<line x1="${x(low).toFixed(1)}" x2="${x(high).toFixed(1)}" y1="${mid}" y2="${mid}" class="w"/>`,
        `<text x="${(x(m) + 4).toFixed(1)}" y="${mid + 4}" class="v">${m.toFixed(2)}</text>`,
      );
      y += BAR + GAP;
    }
    y += 18;
  }
  const height = y + 10;
  const width = LABEL_WIDTH + PLOT_WIDTH + 60;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(
    (t) =>
      `<line x1="${x(t)}" x2="${x(t)}" y1="56" y2="${height - 16}" class="${t === 1 ? 'one' : 'g'}"/><text x="${x(t)}" y="${height - 4}" text-anchor="middle" class="v">${t}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    '<style>.h{font-weight:bold;font-size:13px}.o{font-weight:bold}.v{fill:#444;font-size:10px}.g{stroke:#ddd}.one{stroke:#888;stroke-dasharray:3 3}.w{stroke:#222;stroke-width:1}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    '<text x="8" y="18" class="h">jwt-guard bench: req/s ÷ the same framework without auth (higher is better)</text>',
    `<text x="8" y="32" class="v">${escapeXml(subtitle)}</text>`,
    '<text x="8" y="46" class="v">bar: median of per-round ratios · whisker: lowest–highest round · blue: accepted · orange: refused · ours in bold · dashed: no auth</text>',
    ...ticks,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
