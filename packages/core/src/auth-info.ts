/**
 * What a successful verification yields, and the policy the guards read from it.
 */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { ChallengeSettings } from './errors/answer.js';
import type { EventListener } from './events.js';

/** The verified claims, header and token of a request. Generic over your claims. */
export interface AuthInfo<Claims extends object = JWTPayload> {
  readonly payload: Claims & JWTPayload;
  readonly header: ProtectedHeaderParameters;
  readonly token: string;
}

/** Where the guards find roles: a claim path (dots walk objects) or a function. */
export type RolesClaim = string | readonly string[] | ((payload: JWTPayload) => unknown);

/**
 * Where the scope guards find scopes: a claim path (dots walk objects; an array gives the
 * segments) or a function. What is found may be a space-delimited string, an array of
 * scopes, or an array of both (several claims at once). Default: `scope` and `scp`.
 */
export type ScopesClaim = string | readonly string[] | ((payload: JWTPayload) => unknown);

/** The settings of the authenticator that produced an {@link AuthInfo}, read by guards. */
export interface AuthPolicy {
  /** How the authenticator's refusals are answered; its guards answer the same way. */
  readonly challenge: ChallengeSettings;
  readonly rolesClaim: RolesClaim;
  /** `undefined`: the default, `scope` and `scp`. */
  readonly scopesClaim?: ScopesClaim | undefined;
  /**
   * The authenticator's `events` listener (already safe: it never throws), so that guards
   * and policies report their refusals through it without any state shared between requests.
   */
  readonly events?: EventListener | undefined;
}

// Symbol.for, so an ESM and a CJS copy of core in one process still agree.
const POLICY = Symbol.for('jwt-guard.policy');

/**
 * Attaches the policy as a hidden (non-enumerable) property, so `AuthInfo` stays plain data.
 *
 * @example
 * ```ts
 * const auth = withPolicy({ payload, header, token }, { challenge: { realm: 'api' }, rolesClaim: 'roles' });
 * ```
 */
export function withPolicy<T extends AuthInfo<object>>(auth: T, policy: AuthPolicy): T {
  Object.defineProperty(auth, POLICY, { value: policy, enumerable: false });
  return auth;
}

/**
 * Prepares, once per authenticator, how its `AuthInfo` objects are made: the policy sits on
 * a shared prototype, so each request costs one plain allocation. (Defining a symbol
 * property per object, as {@link withPolicy} does, costs over a microsecond a request.)
 *
 * @example
 * ```ts
 * const toAuthInfo = authInfoWithPolicy({ challenge: { realm: 'api' }, rolesClaim: 'roles' });
 * const auth = toAuthInfo(await verifier.verify(token));
 * ```
 */
export function authInfoWithPolicy(
  policy: AuthPolicy,
): <Claims extends object>(info: AuthInfo<Claims>) => AuthInfo<Claims> {
  class VerifiedAuthInfo<Claims extends object> implements AuthInfo<Claims> {
    constructor(
      readonly payload: Claims & JWTPayload,
      readonly header: ProtectedHeaderParameters,
      readonly token: string,
    ) {}
  }
  Object.defineProperty(VerifiedAuthInfo.prototype, POLICY, { value: policy, enumerable: false });
  return (info) => new VerifiedAuthInfo(info.payload, info.header, info.token);
}

/**
 * The policy attached by {@link withPolicy}, if any.
 *
 * @example
 * ```ts
 * policyOf(req.auth)?.challenge.realm; // 'api'
 * ```
 */
export function policyOf(auth: AuthInfo<object> | undefined): AuthPolicy | undefined {
  return auth ? (auth as unknown as Record<symbol, AuthPolicy | undefined>)[POLICY] : undefined;
}
