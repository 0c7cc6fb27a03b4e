/** Phase 3: heap growth of our verifier over many distinct tokens, one fresh process per variant. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../config.js';
import type { BenchResults, MemoryRow } from '../results.js';
import type { MemoryChildResult } from './memory-main.js';

const ENTRY = fileURLToPath(new URL('./memory-main.ts', import.meta.url));
const VARIANTS = ['ours', 'ours-nocache'] as const;

type ChildResult = MemoryChildResult;

function runChild(id: string, count: number, maxEntries: number): Promise<ChildResult> {
  // Same Node flags as this process: --expose-gc and the TypeScript loader.
  const child = fork(ENTRY, [id, String(count), String(maxEntries)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: ChildResult | undefined;
    child.once('message', (message: ChildResult) => {
      result = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`memory phase (${id}) exited with ${code} and no result`));
    });
  });
}

/**
 * Runs `memory-main.ts` once per variant, one after the other, and gathers the rows.
 *
 * @example
 * ```ts
 * const memory = await runMemory(config);
 * ```
 */
export async function runMemory(config: BenchConfig): Promise<BenchResults['memory']> {
  const rows: MemoryRow[] = [];
  for (const id of VARIANTS) {
    rows.push((await runChild(id, config.memoryTokens, config.memoryCacheEntries)).row);
  }
  return { rows };
}
