/** Phase 3 as a small table of heap growth. */
import type { BenchResults } from '../results.js';
import { table } from './format.js';

/**
 * Renders the memory table.
 *
 * @example
 * ```ts
 * console.log(memoryTable(results.memory));
 * ```
 */
export function memoryTable(memory: BenchResults['memory']): string {
  const mb = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1));
  const body = memory.rows.map((row) => [
    row.label,
    row.tokens.toLocaleString('en-US'),
    row.cacheEntries === 0 ? 'off' : row.cacheEntries.toLocaleString('en-US'),
    mb(row.peakGrowthMB),
    mb(row.heapGrowthMB),
    mb(row.releasedMB),
    row.seconds.toFixed(0),
  ]);
  return table(
    [
      'verifier',
      'distinct ES256 tokens',
      'cache bound (entries)',
      'peak growth MB',
      'growth at the end MB',
      'after letting the verifier go MB',
      'seconds',
    ],
    body,
  );
}
