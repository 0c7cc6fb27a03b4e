/**
 * Scope requirements (RFC 6749 §3.3): read where the authenticator's `scopesClaim` says
 * (default `scope` and `scp`), exact and case-sensitive. `hasScopes`/`hasAnyScope` and the
 * scope guard are this one reading.
 */
import type { AuthInfo } from '../auth-info.js';
import { policyOf } from '../auth-info.js';
import { scopesOf } from '../claims/read-claims.js';
import { scopeTokens } from '../options/strings.js';
import { ALLOWED, type Policy } from './policy.js';
import { type Requirement, requirementPolicy } from './requirement.js';

const grantedScopes = (auth: AuthInfo<object>) =>
  scopesOf(auth.payload, policyOf(auth)?.scopesClaim);

/**
 * The requirement that the token holds every one of `required` (checked scope-tokens); a
 * refusal names them all.
 *
 * @example
 * ```ts
 * const requirement = allScopes(scopeTokens('requireScope', ['read']));
 * ```
 */
export function allScopes(required: readonly string[]): Requirement {
  return (auth) => {
    const granted = grantedScopes(auth);
    return required.every((scope) => granted.has(scope))
      ? ALLOWED
      : { allowed: false, scope: required };
  };
}

/**
 * The requirement that the token holds at least one of `wanted` (checked scope-tokens); a
 * refusal names only the first.
 *
 * @example
 * ```ts
 * const requirement = anyScope(scopeTokens('hasAnyScope', ['admin', 'write']));
 * ```
 */
export function anyScope(wanted: readonly string[]): Requirement {
  const named = wanted.slice(0, 1);
  return (auth) => {
    const granted = grantedScopes(auth);
    return wanted.some((scope) => granted.has(scope)) ? ALLOWED : { allowed: false, scope: named };
  };
}

/**
 * A requirement: the token holds every one of `scopes`. When it fails, the challenge names
 * them all (`scope="read write"`), as `requireScope` does. Scope names must be RFC 6749
 * scope-tokens (a `TypeError` names the first that is not).
 *
 * @example
 * ```ts
 * app.get('/orders', requirePolicy(hasScopes('read:orders')), listOrders);
 * ```
 */
export function hasScopes(...scopes: string[]): Policy<unknown, object> {
  return requirementPolicy(allScopes(scopeTokens('hasScopes', scopes)));
}

/**
 * A requirement: the token holds at least one of `scopes`. When it fails, the challenge
 * names only the first (`scope="orders:admin"`): asking for every alternative would ask
 * the client for more than it needs. List the preferred scope first.
 *
 * @example
 * ```ts
 * requirePolicy(hasAnyScope('orders:admin', 'orders:write'));
 * ```
 */
export function hasAnyScope(...scopes: string[]): Policy<unknown, object> {
  return requirementPolicy(anyScope(scopeTokens('hasAnyScope', scopes)));
}
