/**
 * `authenticated`, the typed-handler wrapper every adapter exports: its interface and
 * documentation live here once, and each adapter writes it over `authOf` (`lift-framework.ts`).
 */
import type { JWTPayload } from 'jose';

/**
 * The `authenticated` wrapper every adapter exports. `Handler` is the adapter's handler type
 * as a function of the claims type, a type lambda as `MiddlewareType` is: its `handler`
 * reads `this['claims']`.
 */
export interface AuthenticatedMiddleware<
  Handler extends { readonly claims: unknown; readonly handler: unknown },
  Middleware,
> {
  /**
   * Wraps `handler` as the framework's middleware, run only with a verified token: without
   * one (no `jwtAuth` before it, or optional auth and no token) the refusal is a 401
   * `ERR_NO_TOKEN`, as the guards answer, and the handler does not run. The request's
   * `AuthInfo` is typed `AuthInfo<Claims>`: a type, not a check.
   *
   * @example
   * ```ts
   * app.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((req, res) => res.json({ tenant: req.auth.payload.tenant })));
   * ```
   */
  authenticated<Claims extends object = JWTPayload>(
    handler: (Handler & { readonly claims: Claims })['handler'],
  ): Middleware;
}
