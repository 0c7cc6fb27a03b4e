/**
 * Phase 1: in-process verifications per second, every contender side by side, for each
 * algorithm × token mode × (sequential | N in flight). Contenders take turns within each
 * round (rotating who goes first), so drift on a noisy machine hits them all alike.
 */
import type { TestIssuer } from '@jwt-guard/testing';
import type { Alg, BenchConfig } from './config.js';
import { contenders } from './contenders/all.js';
import { type Contender, isSkipped, type Prepared } from './contenders/types.js';
import { type Cursor, measure, median } from './measure.js';
import type { InProcessRow, TokenMode } from './results.js';

interface Entry {
  readonly contender: Contender;
  readonly driver: Prepared;
  failed?: string;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function prepareAll(
  issuer: TestIssuer,
  alg: Alg,
  tokens: readonly string[],
  config: BenchConfig,
  notes: Set<string>,
): Promise<{ entries: Entry[]; missing: Map<string, string> }> {
  const entries: Entry[] = [];
  const missing = new Map<string, string>();
  for (const contender of contenders) {
    try {
      const prepared = await contender.prepare({
        issuer,
        alg,
        tokens,
        algorithms: config.algorithms,
      });
      if (isSkipped(prepared)) {
        missing.set(contender.id, prepared.skipped);
        notes.add(`${contender.label}: skipped, ${prepared.skipped}`);
        continue;
      }
      await prepared.verify(tokens[0]!);
      if (prepared.note) notes.add(prepared.note);
      entries.push({ contender, driver: prepared });
    } catch (error) {
      missing.set(contender.id, `failed: ${message(error)}`);
      notes.add(`${contender.label}, ${alg}: failed to verify a valid token: ${message(error)}`);
    }
  }
  return { entries, missing };
}

/**
 * Runs phase 1 over the given token pools (one per algorithm; the first token is "hot").
 *
 * @example
 * ```ts
 * const rows = await runInProcess(issuer, pools, config, notes, console.error);
 * ```
 */
export async function runInProcess(
  issuer: TestIssuer,
  pools: ReadonlyMap<Alg, readonly string[]>,
  config: BenchConfig,
  notes: Set<string>,
  log: (line: string) => void,
): Promise<InProcessRow[]> {
  const rows: InProcessRow[] = [];
  for (const alg of config.algorithms) {
    const pool = pools.get(alg)!;
    const { entries, missing } = await prepareAll(issuer, alg, pool, config, notes);
    const ids = new Set(entries.map((e) => e.contender.id));
    const baselineOf = (c: Contender) => {
      const wanted = c.baseline ?? 'ours-nocache';
      return ids.has(wanted) ? wanted : 'ours-nocache';
    };

    for (const mode of ['hot', 'cold'] as const satisfies readonly TokenMode[]) {
      const tokens = mode === 'hot' ? pool.slice(0, 1) : pool;
      const cursors = new Map<string, Cursor>(entries.map((e) => [e.contender.id, { next: 0 }]));
      for (const entry of entries) {
        // One pass over the pool (so caches reach their steady state), bounded in time.
        const cursor = cursors.get(entry.contender.id)!;
        const maxOps = Math.max(tokens.length, 500);
        const ms = config.warmupCapMs;
        try {
          await measure(entry.driver, { tokens, cursor, inFlight: config.inFlight, ms, maxOps });
          await measure(entry.driver, { tokens, cursor, inFlight: 1, ms: ms / 10, maxOps });
        } catch (error) {
          entry.failed = `failed in warm-up: ${message(error)}`;
        }
      }

      for (const inFlight of [1, config.inFlight]) {
        const samples = new Map<string, number[]>(entries.map((e) => [e.contender.id, []]));
        for (let round = 0; round < config.rounds; round += 1) {
          const shift = round % entries.length;
          for (const entry of [...entries.slice(shift), ...entries.slice(0, shift)]) {
            if (entry.failed) continue;
            const cursor = cursors.get(entry.contender.id)!;
            // A full collection first, so no contender pays for the garbage the one before
            // it left (a peer that allocates much made the next contender's round slower).
            globalThis.gc?.();
            try {
              const rate = await measure(entry.driver, {
                tokens,
                cursor,
                inFlight,
                ms: config.roundMs,
              });
              samples.get(entry.contender.id)!.push(rate);
            } catch (error) {
              entry.failed = `failed: ${message(error)}`;
              notes.add(`${entry.contender.label}, ${alg} ${mode}: ${entry.failed}`);
            }
          }
        }
        for (const contender of contenders) {
          const entry = entries.find((e) => e.contender === contender);
          const base = {
            alg,
            mode,
            inFlight,
            id: contender.id,
            label: contender.label,
            baseline: baselineOf(contender),
          };
          const rounds = samples.get(contender.id);
          if (entry && !entry.failed && rounds && rounds.length > 0) {
            rows.push({ ...base, opsPerSec: median(rounds), rounds });
          } else {
            rows.push({ ...base, missing: entry?.failed ?? missing.get(contender.id) ?? 'n/a' });
          }
        }
        log(
          `  in-process ${alg} ${mode} ${inFlight === 1 ? 'sequential' : `${inFlight} in flight`}: done`,
        );
      }
    }
  }
  return rows;
}
