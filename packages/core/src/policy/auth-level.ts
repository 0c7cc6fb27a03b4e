/**
 * The authentication-level requirement (RFC 9470): the token's `acr` and `auth_time`
 * against what a route asks. A refusal is a step-up (401 `insufficient_user_authentication`),
 * not a missing permission.
 */
import type { JWTPayload } from 'jose';
import { isChallengeSafe } from '../errors/challenge.js';
import { ALLOWED, type PolicyOutcome } from './policy.js';
import type { Requirement } from './requirement.js';

/** What `requireAuthLevel` asks of the user's authentication (RFC 9470). */
export interface AuthLevel {
  /** Authentication context classes that will do; the token's `acr` must be one of them. */
  readonly acr?: readonly string[];
  /** The user must have authenticated at most this many seconds ago (the token's `auth_time`). */
  readonly maxAge?: number;
}

const isAcrValue = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && !value.includes(' ') && isChallengeSafe(value);

function checkedLevel(level: AuthLevel): { acr?: string[]; maxAge?: number } {
  if (typeof level !== 'object' || level === null) {
    throw new TypeError('jwt-guard: requireAuthLevel() needs { acr?, maxAge? }');
  }
  const acr = level.acr === undefined ? undefined : [...level.acr];
  if (acr !== undefined && (acr.length === 0 || acr.some((v) => !isAcrValue(v)))) {
    throw new TypeError(
      'jwt-guard: requireAuthLevel() option "acr" must hold one or more values of printable ASCII without spaces, quotes or backslashes',
    );
  }
  const { maxAge } = level;
  if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge >= 0)) {
    throw new TypeError(
      'jwt-guard: requireAuthLevel() option "maxAge" must be a whole number of seconds',
    );
  }
  if (acr === undefined && maxAge === undefined) {
    throw new TypeError('jwt-guard: requireAuthLevel() needs "acr", "maxAge" or both');
  }
  return { ...(acr === undefined ? {} : { acr }), ...(maxAge === undefined ? {} : { maxAge }) };
}

/**
 * The requirement that the token's `acr` is one of `level.acr` and its `auth_time` no older
 * than `level.maxAge` seconds by `now`. A refusal is a step-up naming both, so that the
 * client can ask the provider for exactly that (OpenID Connect `acr_values`, `max_age`).
 * `acr` values must be printable ASCII without spaces, quotes or backslashes (they go into
 * the challenge); a `TypeError` at creation otherwise.
 *
 * @example
 * ```ts
 * const requirement = authLevelRequirement({ acr: ['urn:example:mfa'], maxAge: 300 }, Date.now);
 * ```
 */
export function authLevelRequirement(level: AuthLevel, now: () => number): Requirement {
  const { acr, maxAge } = checkedLevel(level);
  const refusal: PolicyOutcome = Object.freeze({
    allowed: false,
    stepUp: { acrValues: acr, maxAge },
  });
  return (auth) => {
    const payload = auth.payload as JWTPayload & { acr?: unknown; auth_time?: unknown };
    const acrOk =
      acr === undefined || (typeof payload.acr === 'string' && acr.includes(payload.acr));
    const authTime = Object.hasOwn(payload, 'auth_time') ? payload.auth_time : undefined;
    const ageOk =
      maxAge === undefined ||
      (typeof authTime === 'number' &&
        Number.isFinite(authTime) &&
        Math.floor(now() / 1000) - authTime <= maxAge);
    return acrOk && ageOk ? ALLOWED : refusal;
  };
}
