/**
 * Reusing a verification: the token cache, and the rules a verification it holds must
 * still pass on every hit. The clock has moved since it was stored (the time claims are
 * checked again), and the key that verified it must still be in the issuer's keys in
 * force, judged by the key material, not the `kid`. A hit follows the key set's
 * lifecycle like a miss: the key source starts a due refresh, and a set that may not be
 * used without waiting sends the token back to full verification.
 */
import { timeClaimsFailure } from '../claims/validate-claims.js';
import { DEFAULT_UNBOUND_CACHE_MAX_AGE } from '../defaults.js';
import type { ErrorCode } from '../errors/codes.js';
import { createError } from '../errors/jwt-guard-error.js';
import type { RefusalHint } from '../errors/refusal-hint.js';
import type { RequestContext } from '../request-context.js';
import {
  type CachedVerification,
  createTokenCache,
  type TokenCacheOptions,
} from './token-cache.js';

/** The verifier's view of the token cache. */
export interface VerificationCache {
  /**
   * The verification of `token` that may be reused now, or `undefined`. Throws when the
   * stored verification has expired (or is not yet valid) by the clock now.
   */
  reuse(
    token: string,
    nowMs: number,
    context: RequestContext | undefined,
  ): CachedVerification | undefined;
  /** Throws the failure kept for `token`, if any: retrying the same bytes cannot change it. */
  throwIfFailed(token: string): void;
  /** Keeps a fresh verification. */
  remember(token: string, verified: CachedVerification, nowMs: number): void;
  /** Keeps a failure that retrying the same bytes cannot change, with its event's hint. */
  forget(token: string, code: ErrorCode, hint?: RefusalHint): void;
}

/**
 * Creates the cache for one verifier.
 *
 * @example
 * ```ts
 * const cache = createVerificationCache({ maxEntries: 1000 }, Date.now);
 * const reused = cache.reuse(token, Date.now(), undefined);
 * ```
 */
export function createVerificationCache(
  options: TokenCacheOptions,
  now: () => number,
): VerificationCache {
  const cache = createTokenCache(options, now);

  return {
    reuse(token, nowMs, context) {
      const cached = cache.get(token, nowMs);
      if (!cached) return undefined;
      const { rules, holds } = cached.route;
      const stale = timeClaimsFailure(cached.payload, rules.claims, Math.floor(nowMs / 1000));
      if (stale) {
        cache.delete(token);
        throw createError(stale);
      }
      // An entry without a key binding lives a bounded time (set in `remember`).
      if (holds === undefined || cached.keyId === undefined || holds(cached.keyId, context)) {
        return cached;
      }
      cache.delete(token);
      return undefined;
    },
    remember(token, verified, nowMs) {
      // A key source that cannot say whether a key is still held gets no verification
      // reused forever: a bounded time, then verified again against its current keys.
      const bound = verified.route.holds !== undefined && verified.keyId !== undefined;
      cache.set(token, verified, nowMs / 1000, bound ? undefined : DEFAULT_UNBOUND_CACHE_MAX_AGE);
    },
    throwIfFailed(token) {
      const failed = cache.failedWith(token);
      if (failed) throw createError(failed.code, { hint: failed.hint });
    },
    forget: (token, code, hint) => cache.fail(token, code, hint),
  };
}
