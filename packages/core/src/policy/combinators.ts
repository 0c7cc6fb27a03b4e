/**
 * Composition: `allOf`, `anyOf`, `not`. Children run in order and stop at the first
 * outcome that decides (short-circuit), so a costly predicate belongs last. What a refusal
 * names in its challenge, and how a throwing child fails closed, is decided here.
 */
import type { JWTPayload } from 'jose';
import {
  ALLOWED,
  DENIED,
  definePolicy,
  evaluatePolicy,
  type Policy,
  type PolicyLike,
  type PolicyOutcome,
  type RouteParams,
  toPolicy,
} from './policy.js';

function children<Params, Claims extends object>(
  combinator: string,
  policies: readonly PolicyLike<Params, Claims>[],
): readonly Policy<Params, Claims>[] {
  if (policies.length === 0) {
    throw new TypeError(`jwt-guard: ${combinator}() needs one or more policies`);
  }
  return policies.map((policy, i) => toPolicy(policy, `${combinator}() argument ${i + 1}`));
}

/**
 * A policy that passes when every one of `policies` passes; it stops at the first refusal
 * and answers with it (so its challenge names that requirement's scopes, if any).
 *
 * @example
 * ```ts
 * const tenantAdmin = allOf(hasAnyRole('admin'), (auth, req) => req.params.tenantId === auth.payload.tid);
 * ```
 */
export function allOf<Params = RouteParams, Claims extends object = JWTPayload>(
  ...policies: PolicyLike<NoInfer<Params>, NoInfer<Claims>>[]
): Policy<Params, Claims> {
  const all = children('allOf', policies);
  return definePolicy(async (auth, request) => {
    for (const policy of all) {
      const outcome = await evaluatePolicy(policy, auth, request);
      if (!outcome.allowed) return outcome;
    }
    return ALLOWED;
  });
}

/**
 * A policy that passes when at least one of `policies` passes; it stops at the first pass.
 * A child that throws counts as not passing, so another child may still allow; when none
 * does, the refusal is the first throw's (with its `cause`). The challenge names scopes
 * only when every child was refused for scopes, and then the first child's, so the client
 * is never asked for more than one alternative.
 *
 * @example
 * ```ts
 * const ownerOrSupport = anyOf((auth, req) => auth.payload.sub === req.params.userId, hasAnyRole('support'));
 * ```
 */
export function anyOf<Params = RouteParams, Claims extends object = JWTPayload>(
  ...policies: PolicyLike<NoInfer<Params>, NoInfer<Claims>>[]
): Policy<Params, Claims> {
  const alternatives = children('anyOf', policies);
  return definePolicy(async (auth, request) => {
    let first: PolicyOutcome | undefined;
    let failure: PolicyOutcome | undefined;
    let allScoped = true;
    for (const policy of alternatives) {
      const outcome = await evaluatePolicy(policy, auth, request);
      if (outcome.allowed) return ALLOWED;
      first ??= outcome;
      if (outcome.failed) failure ??= outcome;
      if (!outcome.scope?.length) allScoped = false;
    }
    if (failure) return failure;
    return allScoped && first ? first : DENIED;
  });
}

/**
 * A policy that passes when `policy` is refused, and is refused (naming no scopes) when it
 * passes. A child that throws stays a refusal: an error never becomes an allow.
 *
 * @example
 * ```ts
 * const notSuspended = not(claim('suspended', true));
 * ```
 */
export function not<Params = RouteParams, Claims extends object = JWTPayload>(
  policy: PolicyLike<NoInfer<Params>, NoInfer<Claims>>,
  // Typed `never` so that `not(a, b)`, a likely slip for `not(allOf(a, b))`, fails to compile too.
  ...extra: never[]
): Policy<Params, Claims> {
  if (extra.length > 0) throw new TypeError('jwt-guard: not() needs exactly one policy');
  const inner = toPolicy(policy, 'not() argument');
  return definePolicy(async (auth, request) => {
    const outcome = await evaluatePolicy(inner, auth, request);
    if (outcome.allowed) return DENIED;
    return outcome.failed ? outcome : ALLOWED;
  });
}
