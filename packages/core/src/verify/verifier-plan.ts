/**
 * `prepareVerifier`: the one-time half of a verifier. Validates the options and builds
 * what every verification reads (the issuer routes, the decrypter, the token cache) into
 * a frozen plan, which the per-request functions of `verify-token.ts` take.
 */
import { createTokenDecrypter, type TokenDecrypter } from '../decrypt/index.js';
import type { EventListener } from '../events.js';
import { createKeySetGeneration, type KeySetGeneration } from '../keys/key-set-generation.js';
import { createVerificationCache, type VerificationCache } from './cached-verification.js';
import { createIssuerRoutes, type IssuerRoutes } from './issuer-routes.js';
import { resolveVerifierOptions } from './resolve-verifier-options.js';
import type { ResolvedVerifierOptions, VerifierOptions } from './verifier-options.js';

/**
 * What one verifier holds: its validated options and its caches. Made once by
 * `prepareVerifier` and passed to `verifyToken` and `reuseVerification` on every request;
 * frozen, so nothing about it depends on which request came before.
 */
export interface VerifierPlan {
  /** The validated options, defaults filled in. */
  readonly options: ResolvedVerifierOptions;
  /** @internal The clock, in milliseconds. */
  readonly now: () => number;
  /** @internal */
  readonly maxTokenBytes: number;
  /** @internal */
  readonly isRevoked: ResolvedVerifierOptions['isRevoked'];
  /** @internal The listener, or `undefined`: no listener, no cost. */
  readonly emit: EventListener | undefined;
  /** @internal Which issuer verifies a token. */
  readonly routes: IssuerRoutes;
  /** @internal The decrypter of five-part tokens, when decryption is on. */
  readonly decrypt: TokenDecrypter | undefined;
  /** @internal Moved by the key sources the verifier built whenever their keys change. */
  readonly keyGeneration: KeySetGeneration;
  /** @internal The verified-token cache, unless `cache: false`. */
  readonly cache: VerificationCache | undefined;
}

/**
 * Validates `options` (a `TypeError` names the bad option) and prepares a verifier's state.
 * Nothing is fetched here, so preparing never fails on a down issuer.
 *
 * @example
 * ```ts
 * const plan = prepareVerifier({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * const auth = await verifyToken(plan, token);
 * ```
 */
export function prepareVerifier(options: VerifierOptions): VerifierPlan {
  const resolved = resolveVerifierOptions(options);
  const now = resolved.now ?? Date.now;
  // Shared by the key sources (which move it) and the token cache (which reads it).
  const generation = createKeySetGeneration();
  return Object.freeze({
    options: resolved,
    now,
    maxTokenBytes: resolved.maxTokenBytes,
    isRevoked: resolved.isRevoked,
    emit: resolved.events,
    routes: createIssuerRoutes(resolved, now, generation),
    keyGeneration: generation,
    decrypt: resolved.decryption ? createTokenDecrypter(resolved.decryption) : undefined,
    cache: resolved.cache ? createVerificationCache(resolved.cache, now, generation) : undefined,
  });
}
