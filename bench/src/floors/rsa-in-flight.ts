/**
 * RSA with work in flight: ours with `cache: false` over distinct RS256 tokens, 32 in
 * flight, against node:crypto's two floors for the same signatures: the synchronous verify
 * one by one, and the callback form 32 in flight (libuv's thread pool).
 */
import type { TestIssuer } from '@jwt-guard/testing';
import type { BenchConfig } from '../config.js';
import { nodeCrypto } from '../contenders/node-crypto.js';
import { oursNoCache } from '../contenders/ours.js';
import { isSkipped, type Prepared } from '../contenders/types.js';
import { type Cursor, measure, median } from '../measure.js';
import { spreadText } from '../sections.js';

/** Rates (verifications per second), the median of rounds, and the ratio to the better floor. */
export interface RsaInFlight {
  readonly ours: readonly number[];
  readonly floorSync: readonly number[];
  readonly floorPool: readonly number[];
  /** Median over rounds of ours ÷ max(floor sync, floor pool) of that round. */
  readonly share: number;
  readonly shares: readonly number[];
}

async function prepared(driver: Promise<Prepared | { skipped: string }>): Promise<Prepared> {
  const ready = await driver;
  if (isSkipped(ready)) throw new Error(ready.skipped);
  return ready;
}

/**
 * Measures the three, taking turns within each round.
 *
 * @example
 * ```ts
 * const rsa = await measureRsaInFlight(issuer, tokens, config);
 * ```
 */
export async function measureRsaInFlight(
  issuer: TestIssuer,
  tokens: readonly string[],
  config: BenchConfig,
): Promise<RsaInFlight> {
  const context = { issuer, alg: 'RS256' as const, tokens, algorithms: config.algorithms };
  const ours = await prepared(oursNoCache.prepare(context));
  const floor = await prepared(nodeCrypto.prepare(context));
  const sync: Prepared = {
    verify: async (t) => floor.verifySync!(t),
    verifySync: floor.verifySync,
  };
  const pool: Prepared = { verify: floor.verify };
  const cells = [
    {
      driver: ours,
      inFlight: config.inFlight,
      cursor: { next: 0 } as Cursor,
      rates: [] as number[],
    },
    { driver: sync, inFlight: 1, cursor: { next: 0 }, rates: [] as number[] },
    { driver: pool, inFlight: config.inFlight, cursor: { next: 0 }, rates: [] as number[] },
  ];
  for (const cell of cells) {
    await measure(cell.driver, { ...cell, tokens, ms: config.warmupCapMs, maxOps: tokens.length });
  }
  const shares: number[] = [];
  for (let round = 0; round < config.rounds; round += 1) {
    for (const cell of cells) {
      globalThis.gc?.();
      cell.rates.push(await measure(cell.driver, { ...cell, tokens, ms: config.roundMs * 2 }));
    }
    const [o, s, p] = cells.map((cell) => cell.rates[round]!);
    shares.push(o! / Math.max(s!, p!));
  }
  const [o, s, p] = cells.map((cell) => cell.rates);
  return { ours: o!, floorSync: s!, floorPool: p!, share: median(shares), shares };
}

/**
 * The Markdown lines of the result.
 *
 * @example
 * ```ts
 * const lines = rsaInFlightMarkdown(rsa, 5000, 32);
 * ```
 */
export function rsaInFlightMarkdown(rsa: RsaInFlight, tokens: number, inFlight: number): string {
  const row = (label: string, rates: readonly number[]) =>
    `| ${label} | ${median(rates).toFixed(0)} | ${spreadText(rates)} |`;
  return [
    `### RSA with work in flight: RS256, ${tokens} distinct tokens, \`cache: false\`\n`,
    '| verifier | verifications/s | spread |',
    '|---|---|---|',
    row(`ours, ${inFlight} in flight`, rsa.ours),
    row('floor: node:crypto sync, one by one', rsa.floorSync),
    row(`floor: node:crypto thread pool, ${inFlight} in flight`, rsa.floorPool),
    '',
    `Ours ÷ the better floor (median of per-round ratios): **${rsa.share.toFixed(2)}** (rounds: ${rsa.shares.map((s) => s.toFixed(2)).join(', ')}; target ≥ 0.8).`,
  ].join('\n');
}
