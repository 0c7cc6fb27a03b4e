/** A route's requirements, prepared once into one check with core's guards and policies. */
import {
  type AuthInfo,
  createGuardMiddlewares,
  createPolicyCheck,
  type Guard,
  type PolicyLike,
} from '@jwt-guard/core/adapter';
import { hasAnyScope, type RouteParams } from '@jwt-guard/core/policy';

/** What a route asks of the verified token, as the other adapters' guards and policies. */
export interface Requirements<Params = RouteParams> {
  /** Every one of these scopes (as `requireScope`): 403 `insufficient_scope` otherwise. */
  readonly scopes?: readonly string[] | undefined;
  /** Any one of these scopes (as `hasAnyScope`). */
  readonly anyScopes?: readonly string[] | undefined;
  /** Any one of these roles, at `jwtAuth`'s `rolesClaim` (as `requireRole`). */
  readonly roles?: readonly string[] | undefined;
  /** A policy (as `requirePolicy`); its request has the route's awaited `params`. */
  readonly policy?: PolicyLike<Params> | undefined;
}

/** The guards as checks of an `AuthInfo` to call in a handler; each throws its refusal. */
export const guards = createGuardMiddlewares((guard: Guard) => guard);

type Check = (auth: AuthInfo | undefined, request: Request, params: unknown) => Promise<void>;

/**
 * Prepares `requirements` when the route is made (a `TypeError` for a bad one) into one
 * check, run before the handler: the guards first, then the policies.
 */
export function prepareRequirements<Params>(requirements: Requirements<Params> = {}): Check {
  const { scopes, anyScopes, roles, policy } = requirements;
  const checks = [
    ...(scopes ? [guards.requireScope(...scopes)] : []),
    ...(roles ? [guards.requireRole(...roles)] : []),
  ];
  const policies = [
    ...(anyScopes ? [createPolicyCheck(hasAnyScope(...anyScopes))] : []),
    ...(policy ? [createPolicyCheck(policy as PolicyLike)] : []),
  ];
  return async (auth, request, params) => {
    for (const check of checks) check(auth);
    if (policies.length === 0) return;
    const { method, url, headers } = request;
    const path = new URL(url).pathname;
    const seen = {
      method,
      path,
      params: (await params) ?? {},
      headers: Object.fromEntries(headers),
    };
    for (const check of policies) await check(auth, seen as Parameters<typeof check>[1]);
  };
}
