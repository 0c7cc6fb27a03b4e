/** Writes results/latest.json, results/latest.md and (with HTTP rows) results/latest.svg, each through a temporary file. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchResults } from '../results.js';

const DIR = fileURLToPath(new URL('../../results/', import.meta.url));

async function writeAtomic(path: string, text: string) {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/**
 * Saves a run (and its chart, when there is one); returns the paths written.
 *
 * @example
 * ```ts
 * const written = await writeResults(results, markdown, svg);
 * ```
 */
export async function writeResults(
  results: BenchResults,
  markdown: string,
  svg?: string,
): Promise<string[]> {
  await mkdir(DIR, { recursive: true });
  const json = `${DIR}latest.json`;
  const md = `${DIR}latest.md`;
  await writeAtomic(json, `${JSON.stringify(results, null, 2)}\n`);
  await writeAtomic(md, markdown);
  if (svg === undefined) return [json, md];
  await writeAtomic(`${DIR}latest.svg`, svg);
  return [json, md, `${DIR}latest.svg`];
}
