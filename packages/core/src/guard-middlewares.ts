/**
 * The guards as one adapter's middleware: every adapter lifts the same pure guards with
 * its own one-line wrapper, and gets the same three names.
 */
import {
  type ClaimExpectation,
  createClaimGuard,
  createRoleGuard,
  createScopeGuard,
  type Guard,
} from './guards.js';

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
}

/**
 * Builds an adapter's guard middlewares from its lifting function.
 *
 * @example
 * ```ts
 * export const { requireScope, requireRole, requireClaim } = createGuardMiddlewares(lift);
 * ```
 */
export function createGuardMiddlewares<Middleware>(
  lift: (guard: Guard) => Middleware,
): GuardMiddlewares<Middleware> {
  return {
    requireScope: (...scopes) => lift(createScopeGuard(scopes)),
    requireRole: (...roles) => lift(createRoleGuard(roles)),
    requireClaim: (path, expected) => lift(createClaimGuard(path, expected)),
  };
}
