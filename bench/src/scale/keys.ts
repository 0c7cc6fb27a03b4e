/**
 * Per-request cost with a key set of 1 and of 50 keys: the test issuer serves its ES256 key
 * alone, or among 49 other ES256 keys, while each verifier loads its set.
 */
import { createVerifier } from '@jwt-guard/core';
import type { TestIssuer } from '@jwt-guard/testing';
import { exportJWK, generateKeyPair } from 'jose';
import { takeTurns } from '../floors/timing.js';
import { CACHED_PASSES, timePasses } from './issuers.js';

/** The key-set sizes measured. */
export const KEY_COUNTS = [1, 50] as const;

/**
 * Verifications per second over `tokens` (ES256) for each key-set size, cached and not.
 *
 * @example
 * ```ts
 * const rates = await measureKeySets(issuer, es256Tokens, 7);
 * ```
 */
export async function measureKeySets(
  issuer: TestIssuer,
  tokens: readonly string[],
  rounds: number,
) {
  const own = issuer.jwks().keys.find((key) => key.alg === 'ES256')!;
  const others = await Promise.all(
    Array.from({ length: 49 }, async (_, i) => {
      const { publicKey } = await generateKeyPair('ES256', { extractable: true });
      return { ...(await exportJWK(publicKey)), kid: `other-${i}`, alg: 'ES256', use: 'sig' };
    }),
  );
  const cells: Record<string, () => Promise<number>> = {};
  try {
    for (const count of KEY_COUNTS) {
      // Half the others before the token's key, half after: no best case for a linear scan.
      const keys = count === 1 ? [own] : [...others.slice(0, 24), own, ...others.slice(24)];
      issuer.serveJwks({ keys });
      for (const cache of [true, false]) {
        const verifier = createVerifier({
          issuer: issuer.issuer,
          audience: issuer.audience,
          ...(cache ? {} : { cache: false as const }),
        });
        await verifier.verify(tokens[0]!);
        cells[`${count} ${cache ? 'cached' : 'full'}`] = () =>
          timePasses(verifier, tokens, cache ? CACHED_PASSES : 1);
      }
    }
  } finally {
    issuer.serveJwks(undefined);
  }
  await takeTurns(1, cells);
  return takeTurns(rounds, cells);
}
