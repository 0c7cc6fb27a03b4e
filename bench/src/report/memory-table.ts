/** Phase 3 as a small table of heap growth. */
import type { BenchResults } from '../results.js';
import { table } from './format.js';

/**
 * Renders the memory table, and what the tokens themselves take (not counted in growth).
 *
 * @example
 * ```ts
 * console.log(memoryTable(results.memory));
 * ```
 */
export function memoryTable(memory: BenchResults['memory']): string {
  const body = memory.rows.map((row) => [
    row.label,
    row.tokens.toLocaleString('en-US'),
    row.heapGrowthMB.toFixed(1),
    row.seconds.toFixed(1),
  ]);
  const tokens =
    memory.tokensHeapMB === undefined
      ? ''
      : `\n\nThe tokens themselves take ${memory.tokensHeapMB.toFixed(1)} MB of heap, held throughout (not in the growth).`;
  return `${table(['verifier', 'distinct ES256 tokens', 'heap growth MB', 'seconds'], body)}${tokens}`;
}
