/**
 * What an access policy is: a requirement on a verified token and the request it came
 * with, evaluated to an outcome that says why it failed (so the answer can name scopes).
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from '../auth-info.js';

/**
 * Route parameters when a policy does not say which: what every adapter's params fit
 * (Express 5 gives an array for a wildcard such as `/*path`), so a policy written without
 * a `Params` type can be used in any adapter. Name your params to read them as strings:
 * `allOf<{ tenantId: string }>(…)`.
 *
 * @example
 * ```ts
 * const params: RouteParams = { userId: '7', path: ['a', 'b'] };
 * ```
 */
export type RouteParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * The request as a policy sees it, the same shape in every adapter. Header names are lower
 * case; `path` is the framework's own (Express: `req.path`, relative to a mounted router).
 *
 * @example
 * ```ts
 * await authorize(auth, { method: 'GET', path: '/users/7', params: { userId: '7' }, headers: {} }, isOwner);
 * ```
 */
export interface PolicyRequest<Params = RouteParams> {
  readonly method: string;
  readonly path: string;
  /** The route parameters (Koa: `ctx.params` of `@koa/router`, `{}` without it). */
  readonly params: Params;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * A request-aware predicate. Only `true` (or a promise of `true`) allows: any other value,
 * a throw or a rejection refuses.
 *
 * @example
 * ```ts
 * const sameTenant: PolicyPredicate<{ tenantId: string }, { tid: string }> = (auth, req) =>
 *   auth.payload.tid === req.params.tenantId;
 * ```
 */
export type PolicyPredicate<Params = RouteParams, Claims extends object = JWTPayload> = (
  auth: AuthInfo<Claims>,
  request: PolicyRequest<Params>,
) => boolean | Promise<boolean>;

/** The codes a requirement refuses with, besides scopes and step-up. */
export type RequirementRefusal = 'ERR_INSUFFICIENT_ROLE' | 'ERR_CLAIM_CHECK_FAILED';

/**
 * How one evaluation ended. A refusal may name the scopes that would satisfy it, and keeps
 * what a predicate threw as `cause` (never shown to the client).
 *
 * @example
 * ```ts
 * const outcome: PolicyOutcome = { allowed: false, scope: ['read:orders'] };
 * ```
 */
export type PolicyOutcome =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly scope?: readonly string[] | undefined;
      /**
       * RFC 9470 step-up: the token is fine but the user must authenticate again (its
       * `acr_values` and `max_age`), answered 401 `insufficient_user_authentication`.
       */
      readonly stepUp?:
        | {
            readonly acrValues?: readonly string[] | undefined;
            readonly maxAge?: number | undefined;
          }
        | undefined;
      /**
       * What a requirement names of its refusal, the same code whether a guard or a policy
       * asked: a missing role (`ERR_INSUFFICIENT_ROLE`) or a failed claim
       * (`ERR_CLAIM_CHECK_FAILED`, with the claim's path). Without it, `ERR_POLICY_DENIED`.
       */
      readonly code?: RequirementRefusal | undefined;
      /** The path of the claim a `ERR_CLAIM_CHECK_FAILED` refusal checked (never its value). */
      readonly claim?: string | undefined;
      /** A predicate threw or rejected: no enclosing `not()` may turn this into an allow. */
      readonly failed?: boolean;
      readonly cause?: unknown;
    };

/**
 * A composed requirement, made by `hasScopes`, `hasAnyRole`, `claim`, `allOf`, `anyOf`,
 * `not`. Built-in requirements read no params and only standard claims, so they fit a
 * policy over any `Params` and `Claims`.
 *
 * @example
 * ```ts
 * const canDelete: Policy = allOf(hasScopes('records'), hasAnyRole('admin'));
 * ```
 */
export interface Policy<Params = RouteParams, Claims extends object = JWTPayload> {
  /** Tells a policy from a predicate. */
  readonly kind: 'jwt-guard.policy';
  /**
   * Named in the `authorization-refused` event of a refusal: given with `namedPolicy`, or a
   * predicate's own function name. Default: none.
   */
  readonly name?: string | undefined;
  /** May reject: {@link evaluatePolicy}, which every caller uses, turns that into a refusal. */
  readonly evaluate: (
    auth: AuthInfo<Claims>,
    request: PolicyRequest<Params>,
  ) => Promise<PolicyOutcome>;
}

/**
 * A policy or a bare request-aware predicate: what `allOf`, `requirePolicy` and `authorize` accept.
 *
 * @example
 * ```ts
 * const rules: PolicyLike[] = [hasScopes('read'), (auth) => auth.payload.sub !== undefined];
 * ```
 */
export type PolicyLike<Params = RouteParams, Claims extends object = JWTPayload> =
  | Policy<Params, Claims>
  | PolicyPredicate<Params, Claims>;

/**
 * The outcome of a policy that passed.
 *
 * @example
 * ```ts
 * const always = definePolicy(async () => ALLOWED);
 * ```
 */
export const ALLOWED: PolicyOutcome = Object.freeze({ allowed: true });

/**
 * The outcome of a policy that refused, naming no scopes.
 *
 * @example
 * ```ts
 * const never = definePolicy(async () => DENIED);
 * ```
 */
export const DENIED: PolicyOutcome = Object.freeze({ allowed: false });

/**
 * Makes a policy from its evaluation. Library code only: user code composes the builders
 * or passes a predicate.
 *
 * @example
 * ```ts
 * const always = definePolicy(async () => ALLOWED);
 * ```
 */
export function definePolicy<Params, Claims extends object>(
  evaluate: Policy<Params, Claims>['evaluate'],
  name?: string,
): Policy<Params, Claims> {
  return Object.freeze({
    kind: 'jwt-guard.policy',
    evaluate,
    ...(name === undefined || name === '' ? {} : { name }),
  });
}

/**
 * The same policy under a name, which the `authorization-refused` event of its refusals
 * carries, so that logs and metrics say which rule refused.
 *
 * @example
 * ```ts
 * app.delete('/users/:id', requirePolicy(namedPolicy('canDeleteUser', allOf(hasScopes('users'), hasAnyRole('admin')))), deleteUser);
 * ```
 */
export function namedPolicy<Params = RouteParams, Claims extends object = JWTPayload>(
  name: string,
  policy: PolicyLike<Params, Claims>,
): Policy<Params, Claims> {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('jwt-guard: namedPolicy() needs a non-empty name');
  }
  return definePolicy(toPolicy(policy, 'namedPolicy() policy').evaluate, name);
}

/**
 * Whether a value is a policy made by this library (not merely a function).
 *
 * @example
 * ```ts
 * isPolicy(hasScopes('read')); // true
 * ```
 */
export function isPolicy(value: unknown): value is Policy<never, never> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Policy).kind === 'jwt-guard.policy' &&
    typeof (value as Policy).evaluate === 'function'
  );
}

/**
 * A policy from a policy or a predicate; a `TypeError` naming `where` for anything else.
 * Only a predicate's `true` allows.
 *
 * @example
 * ```ts
 * const policy = toPolicy((auth, req) => req.params.id === auth.payload.sub, 'requirePolicy()');
 * ```
 */
export function toPolicy<Params, Claims extends object>(
  value: PolicyLike<Params, Claims>,
  where: string,
): Policy<Params, Claims> {
  if (isPolicy(value)) return value as Policy<Params, Claims>;
  if (typeof value !== 'function') {
    throw new TypeError(`jwt-guard: ${where} is not a policy or a predicate function`);
  }
  const predicate = value;
  // A predicate's own name (`const isOwner = (auth, req) => …`) names it in events.
  return definePolicy(
    async (auth, request) => ((await predicate(auth, request)) === true ? ALLOWED : DENIED),
    predicate.name,
  );
}

/**
 * Runs a policy inside the error boundary: a throw or a rejection, from a predicate, a
 * `rolesClaim` function or anything else, is a refusal marked `failed`, so it fails closed
 * and no enclosing `not()` can turn it into an allow. The thrown value stays as `cause`.
 *
 * @example
 * ```ts
 * const outcome = await evaluatePolicy(policy, auth, request);
 * ```
 */
export async function evaluatePolicy<Params, Claims extends object>(
  policy: Policy<Params, Claims>,
  auth: AuthInfo<Claims>,
  request: PolicyRequest<Params>,
): Promise<PolicyOutcome> {
  try {
    return await policy.evaluate(auth, request);
  } catch (cause) {
    return { allowed: false, failed: true, cause };
  }
}
