/**
 * A route's requirements, `{ scopes, anyScopes, roles, policy }`, prepared once into one
 * check of the verified token and its request: the same guards and policies, and the same
 * refusals, as every other adapter's `requireScope`, `requireRole` and `requirePolicy`.
 */
import {
  type AuthInfo,
  createGuardMiddlewares,
  createPolicyCheck,
  type Guard,
  type PolicyLike,
} from '@jwt-guard/core/adapter';
import { hasAnyScope, type RouteParams } from '@jwt-guard/core/policy';

/** What a route asks of the verified token, checked in this order before the handler runs. */
export interface Requirements<Params = RouteParams> {
  /** Every one of these scopes (as `requireScope`): 403 `insufficient_scope` otherwise. */
  readonly scopes?: readonly string[] | undefined;
  /** Any one of these scopes (as `hasAnyScope`): 403 `insufficient_scope` otherwise. */
  readonly anyScopes?: readonly string[] | undefined;
  /** Any one of these roles, at `jwtAuth`'s `rolesClaim` (as `requireRole`). */
  readonly roles?: readonly string[] | undefined;
  /** A policy of `@jwt-guard/core/policy` (as `requirePolicy`); it sees the route's params. */
  readonly policy?: PolicyLike<Params> | undefined;
}

/** The guards as plain checks of an `AuthInfo`: each throws the refusal to answer. */
export const guards = createGuardMiddlewares((guard: Guard) => guard);

/** The prepared check of a route's requirements; resolves when the request may go on. */
export type RequirementsCheck = (
  auth: AuthInfo | undefined,
  request: Request,
  params: Promise<unknown> | undefined,
) => Promise<void>;

/**
 * Prepares `requirements` at route creation (a `TypeError` for a bad scope, role or policy),
 * into one check; `undefined` when the route asks nothing beyond a verified token.
 *
 * @example
 * ```ts
 * const check = prepareRequirements({ scopes: ['read:messages'] });
 * await check?.(auth, request, context.params);
 * ```
 */
export function prepareRequirements<Params>(
  requirements: Requirements<Params> = {},
): RequirementsCheck | undefined {
  const { scopes, anyScopes, roles, policy } = requirements;
  const checks: Guard[] = [];
  if (scopes !== undefined) checks.push(guards.requireScope(...scopes));
  if (roles !== undefined) checks.push(guards.requireRole(...roles));
  const policies = [
    ...(anyScopes === undefined ? [] : [createPolicyCheck(hasAnyScope(...anyScopes))]),
    ...(policy === undefined ? [] : [createPolicyCheck(policy as PolicyLike)]),
  ];
  if (checks.length === 0 && policies.length === 0) return undefined;
  return async (auth, request, params) => {
    for (const check of checks) check(auth);
    if (policies.length === 0) return;
    const url = new URL(request.url);
    const policyRequest = {
      method: request.method,
      path: url.pathname,
      params: ((await params) ?? {}) as RouteParams,
      headers: Object.fromEntries(request.headers),
    };
    for (const check of policies) await check(auth, policyRequest);
  };
}
