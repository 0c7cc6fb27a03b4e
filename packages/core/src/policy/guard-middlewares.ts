/**
 * The guards as one adapter's middleware: every adapter lifts the same pure guards with
 * its own one-line wrapper, and gets the same names. This is a boundary: a refusal
 * leaves with the challenge settings of the authenticator that verified the token.
 */
import type { AuthInfo } from '../auth-info.js';
import type { GuardName } from '../events.js';
import {
  type AuthLevel,
  type ClaimExpectation,
  createAuthLevelGuard,
  createClaimGuard,
  createRoleGuard,
  createScopeGuard,
  type Guard,
} from './guards.js';
import { answerRefusal } from './refusal.js';

/** The guard middlewares every adapter exports. */
export interface GuardMiddlewares<Middleware> {
  /**
   * Route middleware: the token must hold every one of `scopes` (403 `insufficient_scope`
   * with `scope="…"` otherwise; 401 without a verified token).
   *
   * @example
   * ```ts
   * app.get('/orders', requireScope('read:orders'), listOrders);
   * ```
   */
  requireScope(...scopes: string[]): Middleware;
  /**
   * Route middleware: the token must hold any one of `roles`, read at the `rolesClaim` of
   * `jwtAuth` (default `roles`).
   *
   * @example
   * ```ts
   * app.delete('/users/:id', requireRole('admin', 'ops'), deleteUser);
   * ```
   */
  requireRole(...roles: string[]): Middleware;
  /**
   * Route middleware: a claim must equal a value (an array claim must contain it) or pass
   * a predicate.
   *
   * @example
   * ```ts
   * app.post('/billing', requireClaim('email_verified', true), updateBilling);
   * ```
   */
  requireClaim(path: string | readonly string[], expected: ClaimExpectation): Middleware;
  /**
   * Route middleware for step-up authentication (RFC 9470): the token's `acr` must be one of
   * `acr`, and its `auth_time` at most `maxAge` seconds old; otherwise 401
   * `insufficient_user_authentication` with `acr_values` / `max_age` in the challenge.
   *
   * @example
   * ```ts
   * app.post('/payments', requireAuthLevel({ acr: ['urn:example:mfa'], maxAge: 300 }), pay);
   * ```
   */
  requireAuthLevel(level: AuthLevel): Middleware;
}

/**
 * A guard whose refusals carry the challenge settings of the authenticator behind `auth`,
 * and are reported to its `events` listener as `authorization-refused`, naming `name`.
 *
 * @example
 * ```ts
 * const guard = answeringGuard(createScopeGuard(['read']), 'requireScope');
 * ```
 */
export function answeringGuard(guard: Guard, name?: GuardName): Guard {
  return (auth: AuthInfo<object> | undefined) => {
    try {
      guard(auth);
    } catch (error) {
      throw answerRefusal(auth, error, name === undefined ? undefined : { guard: name });
    }
  };
}

/**
 * Builds an adapter's guard middlewares from its lifting function.
 *
 * @example
 * ```ts
 * export const { requireScope, requireRole, requireClaim, requireAuthLevel } = createGuardMiddlewares(lift);
 * ```
 */
export function createGuardMiddlewares<Middleware>(
  lift: (guard: Guard) => Middleware,
): GuardMiddlewares<Middleware> {
  return {
    requireScope: (...scopes) => lift(answeringGuard(createScopeGuard(scopes), 'requireScope')),
    requireRole: (...roles) => lift(answeringGuard(createRoleGuard(roles), 'requireRole')),
    requireClaim: (path, expected) =>
      lift(answeringGuard(createClaimGuard(path, expected), 'requireClaim')),
    requireAuthLevel: (level) =>
      lift(answeringGuard(createAuthLevelGuard(level), 'requireAuthLevel')),
  };
}
