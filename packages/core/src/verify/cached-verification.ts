/**
 * Reusing a verification: the token cache, and the rules a verification it holds must
 * still pass on every hit. The clock has moved since it was stored (the time claims are
 * checked again), and the key that verified it must still be in the issuer's keys in
 * force, judged by the key material, not the `kid` (asked again only once some key set
 * has changed or the answer's time is up). A hit follows the key set's
 * lifecycle like a miss: the key source starts a due refresh, and a set that may not be
 * used without waiting sends the token back to full verification.
 */
import { timeClaimsFailure } from '../claims/validate-claims.js';
import { DEFAULT_UNBOUND_CACHE_MAX_AGE } from '../defaults.js';
import type { ErrorCode } from '../errors/codes.js';
import { createError } from '../errors/jwt-guard-error.js';
import type { RefusalHint } from '../errors/refusal-hint.js';
import type { KeySetGeneration } from '../keys/key-set-generation.js';
import type { RequestContext } from '../request-context.js';
import {
  type CachedVerification,
  createTokenCache,
  type FailureStanding,
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
  /**
   * Throws the failure kept for `token`, if any: retrying the same bytes cannot change it
   * (or, for one kept with a standing, cannot while no key set has changed).
   */
  throwIfFailed(token: string): void;
  /** Keeps a fresh verification. */
  remember(token: string, verified: CachedVerification, nowMs: number): void;
  /**
   * Keeps a failure that retrying the same bytes cannot change, with its event's hint; with
   * `standing`, one that cannot change before its end unless a key set changes.
   */
  forget(token: string, code: ErrorCode, hint?: RefusalHint, standing?: FailureStanding): void;
}

/**
 * Creates the cache for one verifier.
 *
 * @example
 * ```ts
 * const cache = createVerificationCache({ maxEntries: 1000 }, Date.now, createKeySetGeneration());
 * const reused = cache.reuse(token, Date.now(), undefined);
 * ```
 */
export function createVerificationCache(
  options: TokenCacheOptions,
  now: () => number,
  generation: KeySetGeneration,
): VerificationCache {
  const cache = createTokenCache(options, now);

  return {
    reuse(token, nowMs, context) {
      const cached = cache.get(token, nowMs);
      if (!cached) return undefined;
      const { rules } = cached.route;
      const stale = timeClaimsFailure(cached.payload, rules.claims, Math.floor(nowMs / 1000));
      if (stale) {
        cache.delete(token);
        throw createError(stale);
      }
      if (keyStillHeld(cached, nowMs, context, generation)) return cached;
      cache.delete(token);
      return undefined;
    },
    remember(token, verified, nowMs) {
      // A key source that cannot say whether a key is still held gets no verification
      // reused forever: a bounded time, then verified again against its current keys.
      const bound = verified.route.holds !== undefined && verified.keyId !== undefined;
      // Never checked yet: the first reuse asks the key source.
      const kept = { ...verified, keyGeneration: -1, keyHeldUntil: 0 };
      cache.set(token, kept, nowMs / 1000, bound ? undefined : DEFAULT_UNBOUND_CACHE_MAX_AGE);
    },
    throwIfFailed(token) {
      const failed = cache.failedWith(token);
      if (failed === undefined) return;
      if (failed.generation !== undefined && failed.generation !== generation.value) return;
      throw createError(failed.code, { hint: failed.hint });
    },
    forget: (token, code, hint, standing) => cache.fail(token, code, hint, standing),
  };
}

// Whether the key that verified `cached` is still in force. The key source is asked only
// when the verifier's key sets have changed since it last said yes, or that yes has run
// its time (its set became due for a refresh, which asking starts): otherwise nothing it
// could answer has changed, and comparing two integers costs less than asking one of many
// issuers' sources, whose memory is cold when tokens of a thousand issuers take turns.
function keyStillHeld(
  cached: CachedVerification,
  nowMs: number,
  context: RequestContext | undefined,
  generation: KeySetGeneration,
): boolean {
  const seen = generation.value;
  // Read before the route: the entry is in hand, the issuer's objects may be cold.
  if (cached.keyGeneration === seen && nowMs < (cached.keyHeldUntil as number)) return true;
  const { keyId, route } = cached;
  // An entry without a key binding lives a bounded time (set in `remember`).
  if (route.holds === undefined || keyId === undefined) return true;
  if (route.heldUntil === undefined) return route.holds(keyId, context);
  const until = route.heldUntil(keyId, context);
  if (until === undefined) return false;
  cached.keyGeneration = seen;
  cached.keyHeldUntil = until;
  return true;
}
