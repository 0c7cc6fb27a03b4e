/** A verifier whose key lookups (one per full verification) are counted, on a clock the test moves. */
import type { TestIssuer } from '@jwt-guard/testing';
import { createVerifier, type KeySource, type VerifierOptions } from '../src/index.js';
import { createKeySource } from '../src/keys/key-source.js';

/**
 * Creates the verifier for `issuer`, with `extra` options, and returns it with its lookup
 * count and its clock (milliseconds, starting now).
 *
 * @example
 * ```ts
 * const { verifier, lookups, clock } = countedVerifier(issuer);
 * ```
 */
export function countedVerifier(issuer: TestIssuer, extra: Partial<VerifierOptions> = {}) {
  const clock = { ms: Date.now() };
  const now = () => clock.ms;
  const inner = createKeySource({
    issuer: issuer.issuer,
    jwksUri: undefined,
    algorithms: ['RS256', 'ES256', 'EdDSA'],
    maxResponseBytes: 1 << 18,
    fetch,
    now,
    cacheMaxAge: 600_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
    staleIfError: 0,
  });
  const lookups = { count: 0 };
  const keySource: KeySource = {
    getKey: (header) => {
      lookups.count += 1;
      return inner.getKey(header);
    },
    holds: (kid, version) => inner.holds!(kid, version),
  };
  const verifier = createVerifier({
    issuer: issuer.issuer,
    audience: issuer.audience,
    keySource,
    now,
    ...extra,
  });
  return { verifier, lookups, clock };
}
