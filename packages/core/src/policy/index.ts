/** Access policies: composable requirements on a verified token and its request. */
export { authorize, createPolicyCheck } from './authorize.js';
export type { ClaimCondition } from './claim.js';
export { claim } from './claim.js';
export { allOf, anyOf, not } from './combinators.js';
export type {
  Policy,
  PolicyLike,
  PolicyOutcome,
  PolicyPredicate,
  PolicyRequest,
  RouteParams,
} from './policy.js';
export { isPolicy, namedPolicy, toPolicy } from './policy.js';
export { hasAnyRole, hasRoles } from './roles.js';
export { hasAnyScope, hasScopes } from './scopes.js';
