/**
 * Role requirements: roles read at the authenticator's `rolesClaim` (default `roles`; a
 * string is one role, an array its string members), as `requireRole` reads them.
 */
import { type AuthInfo, policyOf } from '../auth-info.js';
import { rolesOf } from '../claims/read-claims.js';
import { DEFAULT_ROLES_CLAIM } from '../defaults.js';
import { nonEmptyStrings } from '../options/strings.js';
import { ALLOWED, DENIED, definePolicy, type Policy } from './policy.js';

const heldRoles = (auth: AuthInfo<object>) =>
  rolesOf(auth.payload, policyOf(auth)?.rolesClaim ?? DEFAULT_ROLES_CLAIM);

/**
 * A requirement: the token holds at least one of `roles`.
 *
 * @example
 * ```ts
 * anyOf(isOwner, hasAnyRole('support', 'admin'));
 * ```
 */
export function hasAnyRole(...roles: string[]): Policy<unknown, object> {
  const wanted = nonEmptyStrings('hasAnyRole', roles);
  return definePolicy(async (auth) => {
    const held = heldRoles(auth);
    return wanted.some((role) => held.has(role)) ? ALLOWED : DENIED;
  });
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
  const wanted = nonEmptyStrings('hasRoles', roles);
  return definePolicy(async (auth) => {
    const held = heldRoles(auth);
    return wanted.every((role) => held.has(role)) ? ALLOWED : DENIED;
  });
}
