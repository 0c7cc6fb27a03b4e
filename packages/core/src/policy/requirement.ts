/**
 * Requirements: synchronous checks of a verified token alone (its scopes, roles, claims,
 * authentication level). Each is written once and read two ways: as a policy for
 * `requirePolicy`/`authorize` (async, composable) and as a guard (sync, on the hot path).
 */
import type { AuthInfo } from '../auth-info.js';
import { definePolicy, type Policy, type PolicyOutcome } from './policy.js';

/**
 * A check of the verified token that needs no I/O and no request: it returns the outcome
 * at once. It may throw (a `rolesClaim` function's bug); every caller turns that into a
 * refusal marked `failed`, never an allow.
 *
 * @example
 * ```ts
 * const hasSub: Requirement = (auth) => ('sub' in auth.payload ? ALLOWED : DENIED);
 * ```
 */
export type Requirement = (auth: AuthInfo<object>) => PolicyOutcome;

/**
 * The policy of a requirement: its outcome, as the policy path's promise.
 *
 * @example
 * ```ts
 * const policy = requirementPolicy(allScopes(['read']));
 * ```
 */
export function requirementPolicy(requirement: Requirement): Policy<unknown, object> {
  return definePolicy(async (auth) => requirement(auth));
}

/**
 * Runs a requirement synchronously inside the error boundary the policy path has: a throw
 * is a refusal marked `failed`, with what was thrown kept as `cause`.
 *
 * @example
 * ```ts
 * const outcome = checkRequirement(allScopes(['read']), auth);
 * ```
 */
export function checkRequirement(requirement: Requirement, auth: AuthInfo<object>): PolicyOutcome {
  try {
    return requirement(auth);
  } catch (cause) {
    return { allowed: false, failed: true, cause };
  }
}
