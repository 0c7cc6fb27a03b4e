/**
 * Guards: the requirements of this folder run synchronously over an already verified
 * token, for the hot path. A failed guard means the token is valid and a permission is
 * missing: 403 `insufficient_scope` (RFC 6750 §3.1), or 401 for a step-up (RFC 9470). A
 * request with no verified token (optional auth) is answered 401, as it has no credentials.
 */
import type { AuthInfo } from '../auth-info.js';
import { createError } from '../errors/jwt-guard-error.js';
import { nonEmptyStrings, scopeTokens } from '../options/strings.js';
import { type AuthLevel, authLevelRequirement } from './auth-level.js';
import { type ClaimExpectation, checkClaimArguments, claimRequirement } from './claim.js';
import { refusalError } from './refusal.js';
import { checkRequirement, type Requirement } from './requirement.js';
import { anyRole } from './roles.js';
import { allScopes } from './scopes.js';

export type { AuthLevel } from './auth-level.js';
export type { ClaimExpectation } from './claim.js';

/** A guard: returns when the request may pass, throws a `JwtGuardError` when not. */
export type Guard = (auth: AuthInfo<object> | undefined) => void;

/**
 * The guard of a requirement: 401 `ERR_NO_TOKEN` without a verified token, else the
 * requirement's outcome, a refusal answered in the policy path's words (`refusalError`).
 */
function guardOf(requirement: Requirement): Guard {
  return (auth) => {
    if (!auth) throw createError('ERR_NO_TOKEN');
    const outcome = checkRequirement(requirement, auth);
    if (!outcome.allowed) throw refusalError(outcome);
  };
}

/**
 * A guard that passes when the token holds every one of `scopes` (the requirement of
 * `hasScopes`). Each scope must be an RFC 6749 scope-token (printable ASCII, no space,
 * `"` or `\`): a `TypeError` names the first that is not.
 *
 * @example
 * ```ts
 * createScopeGuard(['read:orders'])(auth); // throws ERR_INSUFFICIENT_SCOPE with scope="read:orders"
 * ```
 */
export function createScopeGuard(scopes: readonly string[]): Guard {
  return guardOf(allScopes(scopeTokens('requireScope', scopes)));
}

/**
 * A guard that passes when the token holds any one of `roles` (the requirement of
 * `hasAnyRole`), read from the authenticator's `rolesClaim` (default `roles`). Its refusal
 * is `ERR_INSUFFICIENT_ROLE`, as `hasAnyRole`'s is.
 *
 * @example
 * ```ts
 * createRoleGuard(['admin', 'ops'])(auth);
 * ```
 */
export function createRoleGuard(roles: readonly string[]): Guard {
  return guardOf(anyRole(nonEmptyStrings('requireRole', roles)));
}

/**
 * A guard on one claim (the requirement of `claim`, with a synchronous predicate): equal
 * to `expected` (an array claim must contain it), or accepted by a predicate. A missing
 * claim fails. Its refusal is `ERR_CLAIM_CHECK_FAILED`, as `claim`'s is, naming the path in
 * its event.
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
  checkClaimArguments('requireClaim()', path, expected);
  return guardOf(claimRequirement(path, expected));
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
  return guardOf(authLevelRequirement(level, now));
}
