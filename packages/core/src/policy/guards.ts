/**
 * Guards: pure checks of an already verified token. A failed guard means the token is
 * valid and a permission is missing: 403 `insufficient_scope` (RFC 6750 §3.1). A request
 * with no verified token (optional auth) is answered 401, as it has no credentials.
 */
import type { JWTPayload } from 'jose';
import { type AuthInfo, policyOf, type RolesClaim } from '../auth-info.js';
import { readClaim, rolesOf, scopesOf } from '../claims/read-claims.js';
import { DEFAULT_ROLES_CLAIM } from '../defaults.js';
import { isChallengeSafe } from '../errors/challenge.js';
import { createError } from '../errors/jwt-guard-error.js';
import { nonEmptyStrings, scopeTokens } from '../options/strings.js';

/** A guard: returns when the request may pass, throws a `JwtGuardError` when not. */
export type Guard = (auth: AuthInfo<object> | undefined) => void;

/** What a claim must be: a value it equals (or, for an array claim, contains), or a predicate. */
export type ClaimExpectation =
  | string
  | number
  | boolean
  | ((value: unknown, payload: JWTPayload) => boolean);

function verified(auth: AuthInfo<object> | undefined): JWTPayload {
  if (!auth) throw createError('ERR_NO_TOKEN');
  return auth.payload as JWTPayload;
}

/**
 * A guard that passes when the token holds every one of `scopes`. Each scope must be an
 * RFC 6749 scope-token (printable ASCII, no space, `"` or `\`): a `TypeError` names the
 * first that is not.
 *
 * @example
 * ```ts
 * createScopeGuard(['read:orders'])(auth); // throws ERR_INSUFFICIENT_SCOPE with scope="read:orders"
 * ```
 */
export function createScopeGuard(scopes: readonly string[]): Guard {
  const required = scopeTokens('requireScope', scopes);
  return (auth) => {
    const granted = scopesOf(verified(auth), policyOf(auth)?.scopesClaim);
    if (!required.every((scope) => granted.has(scope))) {
      throw createError('ERR_INSUFFICIENT_SCOPE', { scope: required });
    }
  };
}

/**
 * A guard that passes when the token holds any one of `roles`, read from the
 * authenticator's `rolesClaim` (default `roles`).
 *
 * @example
 * ```ts
 * createRoleGuard(['admin', 'ops'])(auth);
 * ```
 */
export function createRoleGuard(roles: readonly string[]): Guard {
  const wanted = nonEmptyStrings('requireRole', roles);
  return (auth) => {
    const payload = verified(auth);
    const rolesClaim: RolesClaim = policyOf(auth)?.rolesClaim ?? DEFAULT_ROLES_CLAIM;
    const held = rolesOf(payload, rolesClaim);
    if (!wanted.some((role) => held.has(role))) throw createError('ERR_INSUFFICIENT_ROLE');
  };
}

/**
 * A guard on one claim: equal to `expected` (an array claim must contain it), or accepted
 * by a predicate. A missing claim fails.
 *
 * @example
 * ```ts
 * createClaimGuard('org.tier', 'gold')(auth);
 * createClaimGuard('email_verified', true)(auth);
 * createClaimGuard('amr', (amr) => Array.isArray(amr) && amr.includes('mfa'))(auth);
 * ```
 */
export function createClaimGuard(
  path: string | readonly string[],
  expected: ClaimExpectation,
): Guard {
  if ((typeof path !== 'string' && !Array.isArray(path)) || path.length === 0) {
    throw new TypeError('jwt-guard: requireClaim() needs a claim path');
  }
  if (!['string', 'number', 'boolean', 'function'].includes(typeof expected)) {
    throw new TypeError('jwt-guard: requireClaim() needs a value or a predicate');
  }
  // Named in the refusal's event: the path the guard reads, never the value it found.
  const claimName = typeof path === 'string' ? path : path.join('.');
  return (auth) => {
    const payload = verified(auth);
    const value = readClaim(payload, path);
    const ok =
      typeof expected === 'function'
        ? value !== undefined && expected(value, payload) === true
        : value === expected || (Array.isArray(value) && value.includes(expected));
    if (!ok) throw createError('ERR_CLAIM_CHECK_FAILED', { claim: claimName });
  };
}

/** What `requireAuthLevel` asks of the user's authentication (RFC 9470). */
export interface AuthLevel {
  /** Authentication context classes that will do; the token's `acr` must be one of them. */
  readonly acr?: readonly string[];
  /** The user must have authenticated at most this many seconds ago (the token's `auth_time`). */
  readonly maxAge?: number;
}

/**
 * A step-up guard (RFC 9470): the token's `acr` must be one of `level.acr`, and its
 * `auth_time` no older than `level.maxAge` seconds. Otherwise 401
 * `insufficient_user_authentication`, whose challenge names `acr_values` and `max_age`, so
 * that the client can ask the provider for exactly that (OpenID Connect `acr_values`,
 * `max_age`). `acr` values must be printable ASCII without spaces, quotes or backslashes.
 *
 * @example
 * ```ts
 * createAuthLevelGuard({ acr: ['urn:example:mfa'], maxAge: 300 })(auth);
 * ```
 */
export function createAuthLevelGuard(level: AuthLevel, now: () => number = Date.now): Guard {
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
  return (auth) => {
    const payload = verified(auth) as JWTPayload & { acr?: unknown; auth_time?: unknown };
    const acrOk =
      acr === undefined || (typeof payload.acr === 'string' && acr.includes(payload.acr));
    const authTime = Object.hasOwn(payload, 'auth_time') ? payload.auth_time : undefined;
    const ageOk =
      maxAge === undefined ||
      (typeof authTime === 'number' &&
        Number.isFinite(authTime) &&
        Math.floor(now() / 1000) - authTime <= maxAge);
    if (!acrOk || !ageOk) {
      throw createError('ERR_INSUFFICIENT_USER_AUTHENTICATION', { acrValues: acr, maxAge });
    }
  };
}

const isAcrValue = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && !value.includes(' ') && isChallengeSafe(value);
