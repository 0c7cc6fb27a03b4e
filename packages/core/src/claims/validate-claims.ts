/**
 * The registered-claim rules (RFC 7519 §4.1, RFC 9068 §4), written once: both signature
 * paths apply them after the signature, and the token cache re-applies the time rules to
 * every verification it reuses, since the clock has moved since it was stored.
 */
import type { JWTPayload } from 'jose';
import type { ErrorCode } from '../errors/codes.js';
import { type RefusalHint, slashHint } from '../errors/refusal-hint.js';
import type { ClaimCheck } from './claim-checks.js';

/** What the claims are checked against. */
export interface ClaimRules {
  /** The exact `iss` (no normalisation of case or trailing slash). */
  readonly issuer: string;
  /** Accepted audiences; `undefined` only when the check was turned off with `audience: null`. */
  readonly audience: readonly string[] | undefined;
  /** Seconds of leeway on `exp`, `nbf` and `iat`. */
  readonly clockTolerance: number;
  /** Largest age in seconds since `iat`; then `iat` is required. */
  readonly maxTokenAge: number | undefined;
  /** Claims that must be present (the RFC 9068 profile's). */
  readonly required?: readonly string[] | undefined;
  /** The compiled `claims` option, checked after the registered claims. */
  readonly check?: ClaimCheck | undefined;
}

// Own properties only: an inherited `exp` or `aud` must never satisfy a rule.
const own = (claims: JWTPayload, name: string): unknown =>
  Object.hasOwn(claims, name) ? (claims as Record<string, unknown>)[name] : undefined;

// NumericDate (RFC 7519 §2): a JSON number, fractions allowed; JSON admits 1e400, which
// parses to Infinity and would make a token that never expires.
const isNumericDate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const hasAudience = (aud: unknown, accepted: readonly string[]) =>
  typeof aud === 'string'
    ? accepted.includes(aud)
    : Array.isArray(aud) && aud.some((a) => typeof a === 'string' && accepted.includes(a));

/**
 * Why the claims were refused: the code, the claim a claim rule refused (its name, never
 * its value), and a hint when `iss` or `aud` differs from the configured value only by a
 * trailing slash.
 */
export interface ClaimsRefusal {
  readonly code: ErrorCode;
  readonly claim?: string | undefined;
  readonly hint?: RefusalHint | undefined;
}

/**
 * The first rule the claims break, or `undefined` when they pass: who issued the token and
 * for whom, then the time rules of {@link timeClaimsRefusal}, then the required and
 * configured claims.
 *
 * @example
 * ```ts
 * claimsRefusal({ iss: 'x', aud: 'a', exp: 1, tid: 'b' }, rules, 1_700_000_000);
 * // { code: 'ERR_TOKEN_EXPIRED' }
 * ```
 */
export function claimsRefusal(
  claims: JWTPayload,
  rules: ClaimRules,
  nowSeconds: number,
): ClaimsRefusal | undefined {
  const iss = own(claims, 'iss');
  if (iss !== rules.issuer) {
    return { code: 'ERR_ISSUER_MISMATCH', hint: slashHint('iss', iss, [rules.issuer]) };
  }
  const aud = own(claims, 'aud');
  if (rules.audience !== undefined && !hasAudience(aud, rules.audience)) {
    return { code: 'ERR_AUDIENCE_MISMATCH', hint: slashHint('aud', aud, rules.audience) };
  }
  const timeRefusal = timeClaimsRefusal(claims, rules, nowSeconds);
  if (timeRefusal) return timeRefusal;
  const missing = rules.required?.find((name) => own(claims, name) === undefined);
  if (missing !== undefined) return { code: 'ERR_CLAIM_INVALID', claim: missing };
  const failed = rules.check?.(claims);
  if (failed !== undefined) return { code: 'ERR_CLAIM_INVALID', claim: failed };
  return undefined;
}

/**
 * The code of the first rule the claims break, or `undefined` when they pass
 * ({@link claimsRefusal} without its details).
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
  return claimsRefusal(claims, rules, nowSeconds)?.code;
}

/**
 * The time rules alone: `exp` required, `nbf` and `iat` numbers when present, `iat` not
 * in the future, and `maxTokenAge`. What a reused verification must still pass.
 *
 * @example
 * ```ts
 * timeClaimsFailure({ exp: Infinity }, rules, Date.now() / 1000); // 'ERR_CLAIM_INVALID'
 * ```
 */
export function timeClaimsFailure(
  claims: JWTPayload,
  rules: ClaimRules,
  nowSeconds: number,
): ErrorCode | undefined {
  return timeClaimsRefusal(claims, rules, nowSeconds)?.code;
}

/**
 * {@link timeClaimsFailure} with the claim that broke the rule.
 *
 * @example
 * ```ts
 * timeClaimsRefusal({ exp: 'soon' }, rules, Date.now() / 1000); // { code: 'ERR_CLAIM_INVALID', claim: 'exp' }
 * ```
 */
export function timeClaimsRefusal(
  claims: JWTPayload,
  rules: ClaimRules,
  nowSeconds: number,
): ClaimsRefusal | undefined {
  const { clockTolerance: tolerance, maxTokenAge } = rules;
  const exp = own(claims, 'exp');
  const nbf = own(claims, 'nbf');
  const iat = own(claims, 'iat');
  if (!isNumericDate(exp)) return invalid('exp');
  if (nbf !== undefined && !isNumericDate(nbf)) return invalid('nbf');
  if (iat !== undefined && !isNumericDate(iat)) return invalid('iat');
  if (exp <= nowSeconds - tolerance) return { code: 'ERR_TOKEN_EXPIRED' };
  if (nbf !== undefined && nbf > nowSeconds + tolerance) return { code: 'ERR_TOKEN_NOT_YET_VALID' };
  if (iat !== undefined && iat > nowSeconds + tolerance) return invalid('iat');
  if (maxTokenAge !== undefined) {
    if (iat === undefined) return invalid('iat');
    if (nowSeconds - iat - tolerance > maxTokenAge) return { code: 'ERR_TOKEN_TOO_OLD' };
  }
  return undefined;
}

const invalid = (claim: string): ClaimsRefusal => ({ code: 'ERR_CLAIM_INVALID', claim });
