/**
 * Per-request cost with 1, 100 and 1000 issuers, configured (an array) or admitted (a
 * resolver): the same 1000 distinct ES256 tokens, spread over the issuers, each issuer's
 * keys from the one test issuer's JWKS URL.
 */
import { createVerifier, type IssuerEntry, type Verifier } from '@jwt-guard/core';
import type { TestIssuer } from '@jwt-guard/testing';
import { rateOf, takeTurns } from '../floors/timing.js';

/** The issuer counts measured. */
export const ISSUER_COUNTS = [1, 100, 1000] as const;
/** The distinct tokens each cell verifies, spread over its issuers. */
export const TOKENS = 1000;

/** A cache hit takes under a microsecond: enough passes over the tokens to time it. */
export const CACHED_PASSES = 50;

/**
 * Verifications per second over `passes` passes of `tokens`.
 *
 * @example
 * ```ts
 * const rate = await timePasses(verifier, tokens, CACHED_PASSES);
 * ```
 */
export function timePasses(verifier: Verifier, tokens: readonly string[], passes: number) {
  return rateOf(tokens.length * passes, (i) => verifier.verify(tokens[i % tokens.length]!));
}

/** The `iss` of the `i`-th issuer. */
export const issuerName = (i: number) => `https://tenant-${i}.bench.example/`;

/**
 * Two verifiers trusting `count` issuers: `configured` (an array) and `admitted` (a
 * resolver), each with the token cache or without.
 *
 * @example
 * ```ts
 * const { configured, admitted } = issuerVerifiers(issuer, 1000, false);
 * ```
 */
export function issuerVerifiers(issuer: TestIssuer, count: number, cache: boolean) {
  const entries: IssuerEntry[] = Array.from({ length: count }, (_, i) => ({
    issuer: issuerName(i),
    jwksUri: issuer.jwksUri,
  }));
  const admitted = new Set(entries.map((entry) => entry.issuer));
  const common = {
    audience: issuer.audience,
    maxIssuers: 2 * TOKENS,
    jwks: { newIssuerFetchesPerMinute: 10 * TOKENS },
    ...(cache ? {} : { cache: false as const }),
  };
  return {
    configured: createVerifier({ ...common, issuer: entries }),
    admitted: createVerifier({
      ...common,
      issuer: (iss) => (admitted.has(iss) ? { jwksUri: issuer.jwksUri } : undefined),
    }),
  };
}

/**
 * Verifications per second for each count × (configured | admitted) × (cached | not),
 * the cells taking turns within each round.
 *
 * @example
 * ```ts
 * const rates = await measureIssuers(issuer, 7);
 * ```
 */
export async function measureIssuers(issuer: TestIssuer, rounds: number) {
  const tokensFor = new Map<number, string[]>();
  const cells: Record<string, () => Promise<number>> = {};
  for (const count of ISSUER_COUNTS) {
    const tokens = await Promise.all(
      Array.from({ length: TOKENS }, (_, i) =>
        issuer.mint({ alg: 'ES256', claims: { iss: issuerName(i % count) } }),
      ),
    );
    tokensFor.set(count, tokens);
    for (const cache of [true, false]) {
      for (const [kind, verifier] of Object.entries(issuerVerifiers(issuer, count, cache))) {
        // Every issuer's keys fetched before measuring.
        for (const token of tokens.slice(0, count)) await verifier.verify(token);
        cells[`${kind} ${count} ${cache ? 'cached' : 'full'}`] = () =>
          timePasses(verifier, tokens, cache ? CACHED_PASSES : 1);
      }
    }
  }
  await takeTurns(1, cells);
  return takeTurns(rounds, cells);
}
