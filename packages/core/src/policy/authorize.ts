/**
 * Deciding a request by a policy, for route middleware and for code that is not a route
 * handler. One refusal per request: 403 `insufficient_scope` (RFC 6750 §3.1), or 401 when
 * no token was verified, answered with the challenge settings of the authenticator.
 */
import type { JWTPayload } from 'jose';
import type { AuthInfo } from '../auth-info.js';
import { createError } from '../errors/jwt-guard-error.js';
import {
  evaluatePolicy,
  type Policy,
  type PolicyLike,
  type PolicyRequest,
  type RouteParams,
  toPolicy,
} from './policy.js';
import { answerRefusal, refusalError } from './refusal.js';

/**
 * Resolves when `policy` allows the request; otherwise rejects with the `JwtGuardError` to
 * answer with: `ERR_NO_TOKEN` (401) without a verified token, `ERR_INSUFFICIENT_SCOPE` (403,
 * `scope="…"` in the challenge) when the deciding refusal was for scopes, else
 * `ERR_POLICY_DENIED` (403). A predicate that throws or rejects gives `ERR_POLICY_DENIED`
 * with what it threw as `cause`. A value that is not a policy rejects with a `TypeError`.
 * A refusal of a verified token is reported to the authenticator's `events` as
 * `authorization-refused` (`guard: 'authorize'`, and the policy's name if it has one).
 *
 * @example
 * ```ts
 * await authorize(auth, { method: 'DELETE', path: '/users/7', params: { userId: '7' }, headers: {} },
 *   anyOf(hasAnyRole('admin'), (auth, req) => auth.payload.sub === req.params.userId));
 * ```
 */
export async function authorize<Params = RouteParams, Claims extends object = JWTPayload>(
  auth: AuthInfo<Claims> | undefined,
  request: PolicyRequest<Params>,
  policy: PolicyLike<NoInfer<Params>, NoInfer<Claims>>,
): Promise<void> {
  await decide(auth, request, toPolicy(policy, 'authorize() policy'), 'authorize');
}

/**
 * What an adapter's `requirePolicy` runs: {@link authorize}, with the policy prepared once
 * (a `TypeError` at creation for a value that is not a policy) and refusals reported as
 * `guard: 'requirePolicy'`.
 *
 * @example
 * ```ts
 * const check = createPolicyCheck(hasScopes('read:orders'));
 * await check(req.auth, { method, path, params, headers });
 * ```
 */
export function createPolicyCheck<Params = RouteParams, Claims extends object = JWTPayload>(
  policy: PolicyLike<Params, Claims>,
): (auth: AuthInfo<Claims> | undefined, request: PolicyRequest<Params>) => Promise<void> {
  const prepared = toPolicy(policy, 'requirePolicy()');
  return (auth, request) => decide(auth, request, prepared, 'requirePolicy');
}

async function decide<Params, Claims extends object>(
  auth: AuthInfo<Claims> | undefined,
  request: PolicyRequest<Params>,
  policy: Policy<Params, Claims>,
  guard: 'authorize' | 'requirePolicy',
): Promise<void> {
  if (!auth) throw answerRefusal(auth, createError('ERR_NO_TOKEN'));
  const outcome = await evaluatePolicy(policy, auth, request);
  if (outcome.allowed) return;
  throw answerRefusal(auth, refusalError(outcome), {
    guard,
    policy: policy.name,
  });
}
