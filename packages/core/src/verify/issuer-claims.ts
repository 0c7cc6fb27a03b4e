/**
 * Where one issuer's tokens carry roles and scopes, carried by the verification result of
 * each token itself: a verified token's `AuthInfo` has its issuer's route's mapping on its
 * prototype, so the guards read that issuer's claims however the verifier is shared and
 * however requests of several issuers interleave (issue 19 §1.7: a mapping kept beside
 * the verifier was ignored, or swapped between concurrent requests).
 */
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import type { AuthInfo, RolesClaim, ScopesClaim } from '../auth-info.js';

/** One issuer's roles and scopes claims; `undefined` fields: the authenticator's own. */
export interface IssuerClaims {
  readonly rolesClaim: RolesClaim | undefined;
  readonly scopesClaim: ScopesClaim | undefined;
}

/** Makes the `AuthInfo` of a token verified on one route. */
export type AuthInfoMaker = <Claims extends object>(
  payload: Claims & JWTPayload,
  header: ProtectedHeaderParameters,
  token: string,
) => AuthInfo<Claims>;

// Symbol.for, so an ESM and a CJS copy of core in one process still agree.
const ISSUER_CLAIMS = Symbol.for('jwt-guard.issuer-claims');

const plain: AuthInfoMaker = (payload, header, token) => ({ payload, header, token });

/**
 * Prepares, once per route, how its `AuthInfo` objects are made: a plain object when the
 * issuer has no mapping of its own, else one whose prototype holds `claims` (hidden, so
 * `AuthInfo` stays plain data, and one allocation a request).
 *
 * @example
 * ```ts
 * const make = authInfoMaker({ rolesClaim: 'groups', scopesClaim: undefined });
 * issuerClaimsOf(make(payload, header, token))?.rolesClaim; // 'groups'
 * ```
 */
export function authInfoMaker(claims: IssuerClaims | undefined): AuthInfoMaker {
  if (claims === undefined) return plain;
  class IssuerAuthInfo<Claims extends object> implements AuthInfo<Claims> {
    constructor(
      readonly payload: Claims & JWTPayload,
      readonly header: ProtectedHeaderParameters,
      readonly token: string,
    ) {}
  }
  Object.defineProperty(IssuerAuthInfo.prototype, ISSUER_CLAIMS, {
    value: claims,
    enumerable: false,
  });
  return (payload, header, token) => new IssuerAuthInfo(payload, header, token);
}

/**
 * The roles and scopes claims of the issuer that verified `auth`, if it has its own.
 *
 * @example
 * ```ts
 * const own = issuerClaimsOf(await verifier.verify(token));
 * ```
 */
export function issuerClaimsOf(auth: AuthInfo<object>): IssuerClaims | undefined {
  return (auth as unknown as Record<symbol, IssuerClaims | undefined>)[ISSUER_CLAIMS];
}
