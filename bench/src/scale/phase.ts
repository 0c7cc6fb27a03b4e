/**
 * The scale phase: per-request cost flat in the number of issuers and the size of the key
 * set, and a fleet's issuer fetches and store operations flat in its size.
 */

import { createTestIssuer } from '@jwt-guard/testing';
import type { BenchConfig } from '../config.js';
import { median } from '../measure.js';
import { type ReportSection, spreadText } from '../sections.js';
import { mintTokens } from '../tokens.js';
import { countFleets, FLEET_REQUESTS } from './fleet.js';
import { CACHED_PASSES, ISSUER_COUNTS, measureIssuers } from './issuers.js';
import { KEY_COUNTS, measureKeySets } from './keys.js';

const cell = (rates: readonly number[] | undefined, base: readonly number[] | undefined) =>
  rates && base
    ? `${median(rates).toFixed(0)} (${spreadText(rates)}) · ${(median(rates) / median(base)).toFixed(2)}`
    : 'n/a';

/**
 * Runs the three measurements on a test issuer of its own (its keys are swapped meanwhile).
 *
 * @example
 * ```ts
 * const section = await runScale(config, console.error);
 * ```
 */
export async function runScale(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<ReportSection> {
  const issuer = await createTestIssuer();
  try {
    const issuers = await measureIssuers(issuer, config.rounds);
    log('  scale: issuers done');
    const tokens = await mintTokens(issuer, 'ES256', 1000);
    const keys = await measureKeySets(issuer, tokens, config.rounds);
    log('  scale: key sets done');
    const fleets = await countFleets();
    log('  scale: fleets done');
    const issuerRows = (['configured', 'admitted'] as const).flatMap((kind) =>
      (['cached', 'full'] as const).map((mode) => {
        const base = issuers[`${kind} 1 ${mode}`];
        const cells = ISSUER_COUNTS.map((n) => cell(issuers[`${kind} ${n} ${mode}`], base));
        return `| ${kind} | ${mode === 'cached' ? 'token cache on' : '`cache: false`'} | ${cells.join(' | ')} |`;
      }),
    );
    const keyRows = (['cached', 'full'] as const).map((mode) => {
      const base = keys[`1 ${mode}`];
      const cells = KEY_COUNTS.map((n) => cell(keys[`${n} ${mode}`], base));
      return `| ${mode === 'cached' ? 'token cache on' : '`cache: false`'} | ${cells.join(' | ')} |`;
    });
    const markdown = [
      `## Scale: issuers, key sets and fleet size\n\nSequential verifications per second of 1000 distinct ES256 tokens (token cache on: ${CACHED_PASSES} passes over them after a warm one; \`cache: false\`: one pass), median of ${config.rounds} rounds (cells taking turns), (max − min) ÷ median in brackets, then the ratio to the first column (target: within 5 %).\n\n### Issuers: the tokens spread over 1, 100 or 1000 issuers, configured as an array or admitted by a resolver (\`maxIssuers: 2000\`: the default 100 would evict keys by design past 100 issuers in use)\n`,
      `| issuers | | ${ISSUER_COUNTS.join(' | ')} |`,
      `|---|---|${ISSUER_COUNTS.map(() => '---').join('|')}|`,
      ...issuerRows,
      "\n### Key sets: the token's key alone, or among 50 ES256 keys\n",
      `| | ${KEY_COUNTS.map((n) => `${n} key${n > 1 ? 's' : ''}`).join(' | ')} |`,
      `|---|${KEY_COUNTS.map(() => '---').join('|')}|`,
      ...keyRows,
      `\n### Fleet: processes on one Redis, each a verifier with a shared key cache (\`createRedisStore\`) and a deny list on the revocation feed, all verifying at once\n\nIssuer fetches (discovery + JWKS) counted by the test issuer; Redis commands per request counted by Redis (\`INFO commandstats\`), heartbeat PINGs left out (one per process every 250 ms, whatever the traffic). Target: neither grows with the number of processes. "Failed closed": requests of the ${2 * FLEET_REQUESTS + 2} per process the deny list refused with 503 because a heartbeat came back later than \`maxStalenessMs\` (1 s) on the loaded machine, by design.\n`,
      '| processes | issuer fetches, first load | issuer fetches, one key rotation | Redis commands per request, first sight | Redis commands per request, cached | failed closed |',
      '|---|---|---|---|---|---|',
      ...fleets.map(
        (f) =>
          `| ${f.instances} | ${f.firstLoad.discovery} + ${f.firstLoad.jwks} | ${f.rotation.discovery} + ${f.rotation.jwks} | ${f.storeOpsPerFirstSight.toFixed(3)} | ${f.storeOpsPerRequest.toFixed(3)} | ${f.failedClosed} |`,
      ),
    ].join('\n');
    return { phase: 'scale', markdown, data: { issuers, keys, fleets } };
  } finally {
    await issuer.close();
  }
}
