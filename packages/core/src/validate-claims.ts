/**
 * The registered-claim checks of the Node fast path. They mirror jose's `jwtVerify`
 * (jose `lib/jwt_claims_set.js`) in order and outcome, so both paths give the same answer
 * and the same error code; a differential test holds them to it.
 */
import type { JWTPayload } from 'jose';
import type { ErrorCode } from './errors/codes.js';

/** What the claims are checked against. */
export interface ClaimRules {
  readonly issuer: string;
  readonly audience: string | readonly string[] | undefined;
  readonly clockTolerance: number;
  readonly maxTokenAge: number | undefined;
}

const hasAudience = (aud: unknown, accepted: readonly string[]) =>
  typeof aud === 'string'
    ? accepted.includes(aud)
    : Array.isArray(aud) && accepted.some((a) => aud.includes(a));

/**
 * The code of the first rule the claims break, or `undefined` when they pass.
 * `nowSeconds` is whole seconds, as jose counts them.
 *
 * @example
 * ```ts
 * claimsFailure({ iss: 'x', aud: 'a', exp: 1 }, rules, 1_700_000_000); // 'ERR_TOKEN_EXPIRED'
 * ```
 */
export function claimsFailure(
  claims: JWTPayload,
  rules: ClaimRules,
  nowSeconds: number,
): ErrorCode | undefined {
  const { audience, clockTolerance: tolerance, maxTokenAge } = rules;
  // jose checks presence in this order: iss, aud, iat (with maxTokenAge), exp.
  if (!Object.hasOwn(claims, 'iss')) return 'ERR_ISSUER_MISMATCH';
  if (audience !== undefined && !Object.hasOwn(claims, 'aud')) return 'ERR_AUDIENCE_MISMATCH';
  if (maxTokenAge !== undefined && !Object.hasOwn(claims, 'iat')) return 'ERR_CLAIM_INVALID';
  if (!Object.hasOwn(claims, 'exp')) return 'ERR_CLAIM_INVALID';
  if (claims.iss !== rules.issuer) return 'ERR_ISSUER_MISMATCH';
  if (
    audience !== undefined &&
    !hasAudience(claims.aud, typeof audience === 'string' ? [audience] : audience)
  ) {
    return 'ERR_AUDIENCE_MISMATCH';
  }
  const { iat, nbf, exp } = claims;
  if (iat !== undefined && typeof iat !== 'number') return 'ERR_CLAIM_INVALID';
  if (nbf !== undefined && typeof nbf !== 'number') return 'ERR_CLAIM_INVALID';
  if (nbf !== undefined && nbf > nowSeconds + tolerance) return 'ERR_TOKEN_NOT_YET_VALID';
  if (typeof exp !== 'number') return 'ERR_CLAIM_INVALID';
  if (exp <= nowSeconds - tolerance) return 'ERR_TOKEN_EXPIRED';
  if (maxTokenAge !== undefined) {
    const age = nowSeconds - (iat as number);
    if (age - tolerance > maxTokenAge) return 'ERR_TOKEN_TOO_OLD';
    if (age < -tolerance) return 'ERR_CLAIM_INVALID';
  }
  return undefined;
}

/**
 * Checks both paths add after jose's: JSON admits 1e400 (Infinity), which would make a
 * token that never expires, and jose compares `iat` with the clock only under maxTokenAge.
 *
 * @example
 * ```ts
 * timeSanityFailure({ exp: Infinity }, Date.now() / 1000, 5); // 'ERR_CLAIM_INVALID'
 * ```
 */
export function timeSanityFailure(
  claims: JWTPayload,
  nowSeconds: number,
  tolerance: number,
): ErrorCode | undefined {
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const value = claims[claim];
    if (value !== undefined && !Number.isFinite(value)) return 'ERR_CLAIM_INVALID';
  }
  if (claims.iat !== undefined && claims.iat > nowSeconds + tolerance) return 'ERR_CLAIM_INVALID';
  return undefined;
}
