/**
 * Phase 4: the issuer. `issue()` against node:crypto's raw ES256 sign rate (the issue's
 * target: at least 0.8 of it), and `refresh()` on the memory store and on Redis, with the
 * store round trips of each refresh (target: at most 2). The cases of each part take turns
 * within every round, after a full GC, so a ratio compares rounds run under the same load.
 */
import { performance } from 'node:perf_hooks';
import type { BenchConfig } from '../config.js';
import { median } from '../measure.js';
import type { IssuerResults, IssuerRow } from '../results.js';
import { issueCases } from './issue-cases.js';
import { refreshCases } from './refresh-cases.js';

interface Case {
  readonly id: string;
  readonly label: string;
  run(i: number): unknown;
}

/** Runs `run` one call after another for `ms`; calls per second. */
async function rateOf(run: Case['run'], ms: number, counter: { i: number }): Promise<number> {
  const start = performance.now();
  const end = start + ms;
  let ops = 0;
  while (performance.now() < end) {
    const result = run(counter.i);
    counter.i += 1;
    if (result instanceof Promise) await result;
    ops += 1;
  }
  return (ops * 1000) / (performance.now() - start);
}

/** Every case once per round, the first one moving each round; rates per case. */
async function interleave(cases: readonly Case[], rounds: number, ms: number) {
  const samples = new Map<string, number[]>(cases.map((c) => [c.id, []]));
  const counter = { i: 1 };
  for (const c of cases) await rateOf(c.run, ms, counter); // warm-up, the JIT included
  for (let round = 0; round < rounds; round += 1) {
    const shift = round % cases.length;
    for (const c of [...cases.slice(shift), ...cases.slice(0, shift)]) {
      globalThis.gc?.();
      samples.get(c.id)!.push(await rateOf(c.run, ms, counter));
    }
  }
  return samples;
}

function rowsOf(
  cases: readonly Case[],
  samples: Map<string, number[]>,
  baseline: string,
): IssuerRow[] {
  const base = samples.get(baseline)!;
  return cases.map((c) => {
    const rounds = samples.get(c.id)!;
    return {
      id: c.id,
      label: c.label,
      opsPerSec: median(rounds),
      rounds,
      // The median of per-round ratios: both sides of each met the same load.
      ratio: median(rounds.map((rate, i) => rate / base[i]!)),
    };
  });
}

/**
 * Runs the issuer phase.
 *
 * @example
 * ```ts
 * const issuer = await runIssuer(config, console.error);
 * ```
 */
export async function runIssuer(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<IssuerResults> {
  const { rounds, roundMs, families } = config.issuer;
  const issue = await issueCases();
  let issueRows: IssuerRow[];
  try {
    issueRows = rowsOf(issue.cases, await interleave(issue.cases, rounds, roundMs), 'raw-sign');
  } finally {
    issue.close();
  }
  log('  issuer: issue() done');
  const refresh = await refreshCases(families);
  try {
    const samples = await interleave(refresh.cases, rounds, roundMs);
    const refreshRows = rowsOf(refresh.cases, samples, 'refresh-memory');
    const redis = refresh.cases.find((c) => c.id === 'refresh-redis')!;
    const trips = redis.tripsPerCall;
    // The family's own round trips: without the ring re-read a call may fall due for.
    const family = trips.map((count, i) => count - redis.ringReads[i]!);
    log('  issuer: refresh() done');
    return {
      inputBytes: issue.inputBytes,
      issue: issueRows,
      refresh: refreshRows,
      redisTrips: {
        calls: trips.length,
        median: median(trips),
        min: Math.min(...trips),
        max: Math.max(...trips),
        overTwo: trips.filter((count) => count > 2).length,
        ringReads: redis.ringReads.reduce((sum, count) => sum + count, 0),
        familyMax: Math.max(...family),
      },
    };
  } finally {
    await refresh.close();
  }
}
