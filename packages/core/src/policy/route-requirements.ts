/**
 * A route's requirements stated as data (Next.js's `protect(handler, { scopes })`, Nest's
 * route decorators), prepared once, when the route is made, into the guards and the policy
 * check the other adapters chain as middleware. Written here once, lifted by each adapter.
 */
import { createPolicyCheck } from './authorize.js';
import { createGuardMiddlewares } from './guard-middlewares.js';
import type { AuthLevel, ClaimExpectation, Guard } from './guards.js';
import type { PolicyLike, RouteParams } from './policy.js';
import type { PolicyCheck } from './route-middlewares.js';
import { hasAnyScope } from './scopes.js';

/** What a route asks of the verified token; each member means what its middleware means. */
export interface RouteRequirements<Params = RouteParams> {
  /** Every one of these scopes (as `requireScope`): 403 `insufficient_scope` otherwise. */
  readonly scopes?: readonly string[] | undefined;
  /** Any one of these scopes (as `hasAnyScope`). */
  readonly anyScopes?: readonly string[] | undefined;
  /** Any one of these roles, at `jwtAuth`'s `rolesClaim` (as `requireRole`). */
  readonly roles?: readonly string[] | undefined;
  /** Each of these claims must equal its `expected` or pass it (as `requireClaim`). */
  readonly claims?:
    | readonly { readonly path: string | readonly string[]; readonly expected: ClaimExpectation }[]
    | undefined;
  /** Step-up (as `requireAuthLevel`): 401 `insufficient_user_authentication` otherwise. */
  readonly authLevel?: AuthLevel | undefined;
  /** A policy (as `requirePolicy`), which sees the request `{ method, path, params, headers }`. */
  readonly policy?: PolicyLike<Params> | undefined;
}

/** A route's requirements, prepared: run `guard`, then `policy` when there is one. */
export interface RouteCheck<Params = RouteParams> {
  /** The claims, scopes, roles and authentication level, checked synchronously. */
  readonly guard: Guard;
  /** `anyScopes`, then `policy`, given the request; `undefined` when the route has neither. */
  readonly policy: PolicyCheck<Params> | undefined;
}

const KNOWN: ReadonlySet<string> = new Set([
  'scopes',
  'anyScopes',
  'roles',
  'claims',
  'authLevel',
  'policy',
]);

// The guards as every adapter's middleware runs them: refusals carry the authenticator's
// challenge and are reported under the middleware's name.
const guards = createGuardMiddlewares((guard) => guard);

/**
 * Prepares `requirements` when the route is made: a `TypeError` for a bad value, as its
 * middleware would throw, or for an unknown member (a misspelt `scope` would protect
 * nothing). Refusals are the middlewares' own, in the same order: claims, scopes, roles,
 * authentication level, then `anyScopes` and `policy`.
 *
 * @example
 * ```ts
 * const check = prepareRouteRequirements({ scopes: ['read:orders'], policy: isOwner });
 * check.guard(auth);
 * await check.policy?.(auth, { method, path, params, headers });
 * ```
 */
export function prepareRouteRequirements<Params = RouteParams>(
  requirements: RouteRequirements<Params> = {},
): RouteCheck<Params> {
  if (typeof requirements !== 'object' || requirements === null) {
    throw new TypeError('jwt-guard: route requirements must be an object');
  }
  const unknown = Object.keys(requirements).find((name) => !KNOWN.has(name));
  if (unknown !== undefined) {
    throw new TypeError(
      `jwt-guard: route requirement "${unknown}" is not one of ${[...KNOWN].join(', ')}`,
    );
  }
  const { scopes, anyScopes, roles, claims = [], authLevel, policy } = requirements;
  const checks: Guard[] = claims.map(({ path, expected }) => guards.requireClaim(path, expected));
  if (scopes !== undefined) checks.push(guards.requireScope(...scopes));
  if (roles !== undefined) checks.push(guards.requireRole(...roles));
  if (authLevel !== undefined) checks.push(guards.requireAuthLevel(authLevel));
  const policies = [
    ...(anyScopes === undefined ? [] : [createPolicyCheck(hasAnyScope(...anyScopes))]),
    ...(policy === undefined ? [] : [createPolicyCheck(policy)]),
  ] as PolicyCheck<Params>[];
  return Object.freeze<RouteCheck<Params>>({
    guard: (auth) => {
      for (const check of checks) check(auth);
    },
    policy:
      policies.length === 0
        ? undefined
        : async (auth, request) => {
            for (const check of policies) await check(auth, request);
          },
  });
}
