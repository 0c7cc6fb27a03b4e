/**
 * Role requirements: roles read at the authenticator's `rolesClaim` (default `roles`; a
 * string is one role, an array its string members). `hasAnyRole`/`hasRoles` and the role
 * guard are this one reading.
 */
import { type AuthInfo, policyOf } from '../auth-info.js';
import { rolesOf } from '../claims/read-claims.js';
import { DEFAULT_ROLES_CLAIM } from '../defaults.js';
import { nonEmptyStrings } from '../options/strings.js';
import { ALLOWED, type Policy, type PolicyOutcome } from './policy.js';
import { type Requirement, requirementPolicy } from './requirement.js';

// A missing role is refused in its own words, by a guard and a policy alike.
const ROLE_MISSING: PolicyOutcome = Object.freeze({
  allowed: false,
  code: 'ERR_INSUFFICIENT_ROLE',
});

const heldRoles = (auth: AuthInfo<object>) =>
  rolesOf(auth.payload, policyOf(auth)?.rolesClaim ?? DEFAULT_ROLES_CLAIM);

/**
 * The requirement that the token holds at least one of `wanted` (checked role names).
 *
 * @example
 * ```ts
 * const requirement = anyRole(['admin', 'ops']);
 * ```
 */
export function anyRole(wanted: readonly string[]): Requirement {
  return (auth) => {
    const held = heldRoles(auth);
    return wanted.some((role) => held.has(role)) ? ALLOWED : ROLE_MISSING;
  };
}

/**
 * The requirement that the token holds every one of `wanted` (checked role names).
 *
 * @example
 * ```ts
 * const requirement = allRoles(['billing', 'approver']);
 * ```
 */
export function allRoles(wanted: readonly string[]): Requirement {
  return (auth) => {
    const held = heldRoles(auth);
    return wanted.every((role) => held.has(role)) ? ALLOWED : ROLE_MISSING;
  };
}

/**
 * A requirement: the token holds at least one of `roles`.
 *
 * @example
 * ```ts
 * anyOf(isOwner, hasAnyRole('support', 'admin'));
 * ```
 */
export function hasAnyRole(...roles: string[]): Policy<unknown, object> {
  return requirementPolicy(anyRole(nonEmptyStrings('hasAnyRole', roles)));
}

/**
 * A requirement: the token holds every one of `roles`.
 *
 * @example
 * ```ts
 * requirePolicy(hasRoles('billing', 'approver'));
 * ```
 */
export function hasRoles(...roles: string[]): Policy<unknown, object> {
  return requirementPolicy(allRoles(nonEmptyStrings('hasRoles', roles)));
}
