/**
 * `@jwt-guard/core/policy`: access policies, composable requirements on a verified token
 * and its request (`allOf`, `anyOf`, `not`, `hasScopes`, `claim`, ...), `authorize` outside
 * routes, and the guards' requirement builders. What an adapter needs to lift a policy
 * (`createPolicyCheck`, `createGuardMiddlewares`) is in `@jwt-guard/core/adapter`.
 *
 * One authorization model. A requirement (`requirement.ts`) is a synchronous check of the
 * verified token alone, written once per concern: scopes (`scopes.ts`), roles
 * (`roles.ts`), a claim (`claim.ts`), the authentication level (`auth-level.ts`). Its
 * outcome is allowed, or refused naming the scopes or the step-up that would do. A policy
 * (`policy.ts`) is the async, request-aware form: each requirement is one (`hasScopes`,
 * `hasAnyRole`, `claim`), a predicate is one, and the combinators (`combinators.ts`)
 * compose them; only a predicate that needs I/O makes a policy wait. The guards
 * (`guards.ts`, behind `requireScope`, `requireRole`, `requireClaim`, `requireAuthLevel`)
 * are synchronous wrappers over the same requirements, for the hot path; `authorize`,
 * `createPolicyCheck` (`requirePolicy`) and `namedPolicy` run policies. Every refusal is
 * answered in one vocabulary (`refusal.ts`): a requirement that threw is
 * `ERR_POLICY_DENIED`; missing scopes `ERR_INSUFFICIENT_SCOPE` with `scope="…"` (403,
 * RFC 6750 §3.1); a step-up `ERR_INSUFFICIENT_USER_AUTHENTICATION` (401, RFC 9470); a
 * missing role `ERR_INSUFFICIENT_ROLE` and a failed claim `ERR_CLAIM_CHECK_FAILED`, from a
 * guard and a policy alike; any other refusal `ERR_POLICY_DENIED` (all 403
 * `insufficient_scope` but the step-up); with the authenticator's challenge and an `authorization-refused` event. To add a check, write a
 * requirement and expose it as a policy; a guard over it is one line.
 */
export { authorize } from './authorize.js';
export type { ClaimCondition } from './claim.js';
export { claim } from './claim.js';
export { allOf, anyOf, not } from './combinators.js';
export type { AuthLevel, ClaimExpectation, Guard } from './guards.js';
export {
  createAuthLevelGuard,
  createClaimGuard,
  createRoleGuard,
  createScopeGuard,
} from './guards.js';
export type {
  Policy,
  PolicyLike,
  PolicyOutcome,
  PolicyPredicate,
  PolicyRequest,
  RequirementRefusal,
  RouteParams,
} from './policy.js';
export { isPolicy, namedPolicy } from './policy.js';
export { hasAnyRole, hasRoles } from './roles.js';
export type { RouteRequirements } from './route-requirements.js';
export { hasAnyScope, hasScopes } from './scopes.js';
