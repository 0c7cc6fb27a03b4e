/**
 * The floors phase: DPoP and JWE against node:crypto doing the same work, and RSA with
 * work in flight against node:crypto's two floors.
 */
import type { TestIssuer } from '@jwt-guard/testing';
import type { Alg, BenchConfig } from '../config.js';
import { median } from '../measure.js';
import { type ReportSection, spreadText } from '../sections.js';
import { measureDpop } from './dpop.js';
import { measureJwe } from './jwe.js';
import { measureRsaInFlight, rsaInFlightMarkdown } from './rsa-in-flight.js';

const rate = (rates: readonly number[]) => `${median(rates).toFixed(0)} (${spreadText(rates)})`;

/**
 * Runs the three measurements.
 *
 * @example
 * ```ts
 * const section = await runFloors(config, issuer, pools, console.error);
 * ```
 */
export async function runFloors(
  config: BenchConfig,
  issuer: TestIssuer,
  pools: ReadonlyMap<Alg, readonly string[]>,
  log: (line: string) => void,
): Promise<ReportSection> {
  const perRound = config.quick ? 100 : 400;
  const dpop = await measureDpop(issuer, config.rounds, perRound);
  log('  floors: DPoP done');
  const jwe = await measureJwe(issuer, pools.get('ES256')!, config.rounds, perRound);
  log('  floors: JWE done');
  const rsa = await measureRsaInFlight(issuer, pools.get('RS256')!, config);
  log('  floors: RSA in flight done');
  const r = dpop.rates;
  const markdown = [
    `## Floors: DPoP, JWE and RSA in flight against node:crypto\n\nSequential, in process; ${config.rounds} rounds of ${perRound} requests or tokens per cell, the cells of each table taking turns within a round (after a full GC); each figure is per second, the median over rounds, with (max − min) ÷ median in brackets; each share is the median of per-round ratios.\n`,
    '### DPoP: an ES256 proof per request, bound ES256 token\n',
    '| cell | per second |',
    '|---|---|',
    `| ours, Bearer, token cached | ${rate(r.bearer!)} |`,
    `| ours, DPoP (fresh proof), token cached | ${rate(r.dpopCached!)} |`,
    `| ours, DPoP, \`cache: false\` | ${rate(r.dpopFull!)} |`,
    `| floor: node:crypto, the token's and the proof's ES256 verifies | ${rate(r.floorTwo!)} |`,
    `| floor: node:crypto, one ES256 verify + one Map store operation | ${rate(r.floorOne!)} |`,
    '',
    `DPoP (\`cache: false\`) ÷ node:crypto's two verifies: **${dpop.share.toFixed(2)}**. What DPoP adds to a Bearer request (token cached): ${dpop.extraMicros.toFixed(1)} µs, against ${dpop.floorExtraMicros.toFixed(1)} µs for node:crypto's one ES256 verify and one store operation (target: at most that plus our proof checks).`,
    '\n### JWE: distinct tokens, each a first sight (`cache: false`), ES256 inside, A256GCM\n',
    '| key management | ours per second | floor per second | ours ÷ floor |',
    '|---|---|---|---|',
    ...jwe.map(
      (row) =>
        `| ${row.alg} | ${rate(row.ours)} | ${rate(row.floor)} | **${row.share.toFixed(2)}** |`,
    ),
    '',
    'Target: at least 0.8. A repeated JWE is answered from the token cache without decrypting (pinned by `packages/core/test/decrypt/repeated-jwe.test.ts`).',
    '',
    rsaInFlightMarkdown(rsa, pools.get('RS256')!.length, config.inFlight),
  ].join('\n');
  return { phase: 'floors', markdown, data: { dpop, jwe, rsa } };
}
