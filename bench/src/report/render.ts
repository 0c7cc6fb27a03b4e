/** The whole report as Markdown: settings, the three phases, notes. */
import type { BenchConfig } from '../config.js';
import { spread } from '../measure.js';
import type { BenchResults } from '../results.js';
import { httpTable } from './http-table.js';
import { inProcessTables } from './in-process-table.js';
import { memoryTable } from './memory-table.js';

const percent = (value: number | undefined) =>
  value === undefined ? 'n/a (one round)' : `${(value * 100).toFixed(0)}%`;

/**
 * Renders a run as Markdown (printed as is, and written to results/latest.md).
 *
 * @example
 * ```ts
 * console.log(renderReport(results, config));
 * ```
 */
export function renderReport(results: BenchResults, config: BenchConfig): string {
  const { meta } = results;
  const parts = [
    `# jwt-guard bench${meta.quick ? ' (--quick: smoke test, numbers meaningless)' : ''}`,
    `${meta.date} · Node ${meta.node} · ${meta.cpus} · ${meta.seconds.toFixed(0)} s · load average ${meta.load.map((l) => l.toFixed(1)).join(' → ')}`,
  ];
  if (results.inProcess.length > 0) {
    parts.push(
      `## In-process verifications per second\n\nMedian of ${config.rounds} rounds of ${config.roundMs} ms per contender, contenders interleaved within each column (so compare down a column; across columns the machine's load may have changed). "hot": one token repeated; "cold": ${config.poolSize} distinct tokens cycled, after one warm-up pass. "seq": awaited one by one; "×${config.inFlight}": ${config.inFlight} in flight. Round-to-round spread, median over rows of (max − min) ÷ median: ${percent(spread(results.inProcess.map((r) => r.rounds)))}.\n\nEach cell: verifications/s, then ×r = the row named in "vs" ÷ this row (like for like: peers without a token cache against ours with \`cache: false\`, fast-jwt's cache against ours), then (×d) = ours with defaults ÷ this row. Above 1, ours is faster.`,
      inProcessTables(results.inProcess, config.inFlight),
    );
  }
  if (results.http.length > 0) {
    parts.push(
      `## HTTP: GET /hello → JSON, ${config.http.alg} tokens\n\nautocannon on 127.0.0.1, ${config.http.connections} connections, median of ${config.http.rounds} × ${config.http.seconds} s per case after a warm-up pass; each server in its own process. Round-to-round spread of req/s, median over rows of (max − min) ÷ median: ${percent(spread(results.http.map((r) => r.rounds)))}. Ours runs with its defaults (token cache on); the peers keep no token cache. "ours ÷ this": req/s of ours on the same framework and tokens ÷ this row; "÷ no auth": this row ÷ the same framework without auth; both are medians of per-round ratios (cases take turns within a round). "no-op middleware" only reads the Authorization header and goes on: what the framework charges for any middleware at all.`,
      httpTable(results.http, config.poolSize),
    );
  }
  if (results.memory.rows.length > 0) {
    parts.push('## Memory: heap growth after a full GC', memoryTable(results.memory));
  }
  if (results.notes.length > 0) {
    parts.push(`## Notes\n\n${results.notes.map((n) => `- ${n}`).join('\n')}`);
  }
  return `${parts.join('\n\n')}\n`;
}
