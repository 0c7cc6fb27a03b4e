/** Sequential timing shared by the floors: each call awaited before the next. */
import { performance } from 'node:perf_hooks';

/**
 * Runs `count` calls of `call(i)` one after another and returns calls per second.
 *
 * @example
 * ```ts
 * const rate = await rateOf(1000, (i) => verifier.verify(tokens[i]!));
 * ```
 */
export async function rateOf(count: number, call: (i: number) => unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await call(i);
  return (count * 1000) / (performance.now() - start);
}

/** Rounds of named cells taking turns; each cell's rates, one per round. */
export async function takeTurns(
  rounds: number,
  cells: Record<string, () => Promise<number>>,
): Promise<Record<string, number[]>> {
  const rates: Record<string, number[]> = Object.fromEntries(
    Object.keys(cells).map((name) => [name, []]),
  );
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, run] of Object.entries(cells)) {
      globalThis.gc?.();
      rates[name]!.push(await run());
    }
  }
  return rates;
}
