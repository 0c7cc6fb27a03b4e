/** Writes results/latest.json and results/latest.md, each through a temporary file. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchResults } from '../results.js';

const DIR = fileURLToPath(new URL('../../results/', import.meta.url));

async function writeAtomic(path: string, text: string) {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/**
 * Saves a run; returns the two paths written.
 *
 * @example
 * ```ts
 * const [json, md] = await writeResults(results, markdown);
 * ```
 */
export async function writeResults(results: BenchResults, markdown: string): Promise<string[]> {
  await mkdir(DIR, { recursive: true });
  const json = `${DIR}latest.json`;
  const md = `${DIR}latest.md`;
  await writeAtomic(json, `${JSON.stringify(results, null, 2)}\n`);
  await writeAtomic(md, markdown);
  return [json, md];
}
