/**
 * The deny-list phase: what `isRevoked` adds to a request on a fleet of three processes on
 * one real Redis, with a store round trip per check ("store") and with the local mirror of
 * a revocation feed ("mirror"); and how long a revocation takes to reach every instance.
 */
import { fileURLToPath } from 'node:url';
import { createDenyList } from '@jwt-guard/core';
import { createRedisRevocationFeed } from '@jwt-guard/redis';
import { startRedisServer } from '@jwt-guard/testing';
import type { JWTPayload } from 'jose';
import type { BenchConfig } from '../config.js';
import { type Child, forkChild } from '../http/child.js';
import { median } from '../measure.js';
import { type ReportSection, spreadText } from '../sections.js';
import type { InstanceSpec } from './instance-main.js';
import { percentile } from './percentile.js';

const ENTRY = fileURLToPath(new URL('./instance-main.ts', import.meta.url));
const INSTANCES = 3;
const PREFIX = 'bench-deny:';
const ISS = 'https://issuer.bench.example/';
const MODES = ['store', 'mirror'] as const;

interface Latency {
  readonly p50: number;
  readonly p99: number;
  /** Checks that failed closed (503): the store could not answer, or the mirror vouch for being current. */
  readonly failedClosed: number;
}

async function startFleet(url: string, mode: InstanceSpec['mode']): Promise<Child[]> {
  const spec: InstanceSpec = { url, prefix: PREFIX, mode };
  const fleet = Array.from({ length: INSTANCES }, () => forkChild(ENTRY, [JSON.stringify(spec)]));
  await Promise.all(fleet.map((child) => child.ready));
  return fleet;
}

/** Payloads checked per request: one in a hundred revoked, the rest not. */
function payloadsOf(revoked: readonly string[]): JWTPayload[] {
  return Array.from({ length: 500 }, (_, i) => ({
    iss: ISS,
    jti: i % 100 === 0 ? revoked[i % revoked.length]! : `live-${i}`,
  }));
}

/** Milliseconds from just before `revoke()` to each instance's first local refusal. */
async function propagation(fleet: Child[], revoke: (jti: string) => Promise<void>, count: number) {
  const delays: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const jti = `propagated-${i}`;
    const seen = fleet.map((child) =>
      child.ask<{ at: number }>({ type: 'watch', payload: { iss: ISS, jti } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const start = performance.timeOrigin + performance.now();
    await revoke(jti);
    for (const { at } of await Promise.all(seen)) delays.push(at - start);
  }
  return delays.sort((a, b) => a - b);
}

/**
 * Runs the phase on a redis-server of its own.
 *
 * @example
 * ```ts
 * const section = await runDeny(config, console.error);
 * ```
 */
export async function runDeny(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<ReportSection> {
  const rounds = config.quick ? 2 : 7;
  const count = config.quick ? 2_000 : 20_000;
  const revocations = config.quick ? 20 : 200;
  const redis = await startRedisServer();
  const feed = createRedisRevocationFeed({ url: redis.url, prefix: PREFIX });
  const writer = createDenyList({ feed });
  const fleets = new Map<string, Child[]>();
  try {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const seeded = Array.from({ length: 1000 }, (_, i) => `seeded-${i}`);
    await Promise.all(seeded.map((jti) => writer.revoke(jti, exp, ISS)));
    for (const mode of MODES) fleets.set(mode, await startFleet(redis.url, mode));
    const payloads = payloadsOf(seeded);
    const samples = new Map<string, Latency[]>(MODES.map((mode) => [mode, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const mode of MODES) {
        const answers = await Promise.all(
          fleets
            .get(mode)!
            .map((child) => child.ask<Latency>({ type: 'latency', payloads, count })),
        );
        samples.get(mode)!.push(...answers);
      }
      log(`  deny round ${round + 1}/${rounds}: done`);
    }
    const delays = await propagation(
      fleets.get('mirror')!,
      (jti) => writer.revoke(jti, exp, ISS),
      revocations,
    );
    return section(samples, delays, { rounds, count, revocations });
  } finally {
    await Promise.all([...fleets.values()].flat().map((child) => child.close()));
    writer.close();
    await feed.close();
    await redis.stop();
  }
}

function section(
  samples: ReadonlyMap<string, readonly Latency[]>,
  delays: readonly number[],
  settings: { rounds: number; count: number; revocations: number },
): ReportSection {
  const rows = MODES.map((mode) => {
    const list = samples.get(mode)!;
    return {
      mode,
      p50: median(list.map((l) => l.p50)),
      p99: median(list.map((l) => l.p99)),
      p50Rounds: list.map((l) => l.p50),
      p99Rounds: list.map((l) => l.p99),
      failedClosed: list.reduce((sum, l) => sum + l.failedClosed, 0),
    };
  });
  const reach = {
    p50: percentile(delays, 0.5),
    p99: percentile(delays, 0.99),
    max: delays.at(-1) ?? Number.NaN,
  };
  const label = { store: 'store (a GET per check)', mirror: 'mirror (revocation feed)' };
  const table = [
    '| deny list | p50 µs | p99 µs | spread p50 | spread p99 | checks failed closed |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${label[r.mode]} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${spreadText(r.p50Rounds)} | ${spreadText(r.p99Rounds)} | ${r.failedClosed} |`,
    ),
  ].join('\n');
  const markdown = `## Deny list: what isRevoked adds to a request, ${INSTANCES} instances on one Redis\n\nEach of ${INSTANCES} processes checks ${settings.count} payloads awaited one by one (one in a hundred revoked, out of 1000 revocations held), all ${INSTANCES} at once, in ${settings.rounds} rounds alternating the two fleets; each figure is the median over rounds and instances of that instance's percentile, "spread" (max − min) ÷ median over them.\n\n${table}\n\nA revocation reaching every instance of the mirror fleet (from just before \`revoke()\` to each instance's first local refusal, polled without a store read), ${settings.revocations} revocations × ${INSTANCES} instances: p50 ${reach.p50.toFixed(2)} ms, p99 ${reach.p99.toFixed(2)} ms, max ${reach.max.toFixed(2)} ms (target: within 100 ms).`;
  return { phase: 'deny', markdown, data: { rows, reach, settings } };
}
