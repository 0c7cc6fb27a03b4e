/**
 * The middleware every adapter exports, written once over one step of its framework: an
 * adapter says how its framework runs a step (go on, or refuse with what the step threw)
 * and where the `AuthInfo` lives on its request; the authentication, the guards, the
 * policy check and the authenticated-only check are built here.
 */
import type { AuthInfo } from './auth-info.js';
import { authenticateRequest } from './authenticate-request.js';
import type { AuthenticatorPlan } from './authenticator-plan.js';
import { UnauthorizedError } from './errors/jwt-guard-error.js';
import { createGuardMiddlewares, type GuardMiddlewares } from './policy/guard-middlewares.js';
import type { PolicyRequest } from './policy/policy.js';
import type { PolicyCheck } from './policy/route-middlewares.js';

/** What an adapter tells core about its framework's request and middleware. */
export interface FrameworkLifting<Request, Middleware> {
  /**
   * Middleware that runs `step` with the framework's request and goes on when it returns,
   * or when its promise resolves; a throw or a rejection is the framework's refusal
   * (`next(err)`, a throw, an `HTTPException`). A step that returns at once must go on in
   * the same tick: a token the cache answered costs no promise.
   */
  step(step: (request: Request) => void | Promise<void>): Middleware;
  /** The `AuthInfo` the authentication attached to `request`, if any. */
  auth(request: Request): AuthInfo | undefined;
  /** Attaches a verified token to `request` (`req.auth`, `ctx.state.auth`, `c.set('auth')`). */
  attach(request: Request, auth: AuthInfo): void;
  /** What a policy sees of `request`: `{ method, path, params, headers }`. */
  policyRequest(request: Request): PolicyRequest<unknown>;
}

/** An adapter's middleware, lifted from core by {@link liftFramework}. */
export interface LiftedFramework<Request, Middleware> {
  /** `jwtAuth`'s middleware over the plan `planOf` gives (made once, or on first use). */
  authenticate(planOf: (request: Request) => AuthenticatorPlan<Request>): Middleware;
  /** The guards (`requireScope`, `requireRole`, `requireClaim`, `requireAuthLevel`). */
  readonly guards: GuardMiddlewares<Middleware>;
  /** `requirePolicy`'s middleware for a prepared check. */
  policy<Params>(check: PolicyCheck<Params>): Middleware;
  /**
   * The verified token of `request`, for a handler typed as authenticated: without one (no
   * `jwtAuth` before it, or optional auth and no token) a 401 `ERR_NO_TOKEN` is thrown, as
   * the guards answer, and the handler must not run.
   */
  authOf(request: Request): AuthInfo;
}

/**
 * Builds an adapter's middleware from its framework's lifting.
 *
 * @example
 * ```ts
 * const lifted = liftFramework<Request, RequestHandler>({ step, auth: (req) => req.auth, attach: (req, auth) => { req.auth = auth; }, policyRequest });
 * export const { requireScope, requireRole, requireClaim, requireAuthLevel } = lifted.guards;
 * ```
 */
export function liftFramework<Request, Middleware>(
  lifting: FrameworkLifting<Request, Middleware>,
): LiftedFramework<Request, Middleware> {
  const { step, auth, attach } = lifting;
  return {
    authenticate: (planOf) =>
      step((request) => {
        const found = authenticateRequest(planOf(request), request);
        if (!(found instanceof Promise)) {
          if (found) attach(request, found);
          return;
        }
        return found.then((verified) => {
          if (verified) attach(request, verified);
        });
      }),
    guards: createGuardMiddlewares((guard) => step((request) => guard(auth(request)))),
    policy: <Params>(check: PolicyCheck<Params>) =>
      step((request) =>
        check(auth(request), lifting.policyRequest(request) as PolicyRequest<Params>),
      ),
    authOf: (request) => {
      const verified = auth(request);
      if (!verified) throw new UnauthorizedError('ERR_NO_TOKEN');
      return verified;
    },
  };
}
