/**
 * Revoking one access token at logout: only a token that verifies against the issuer's own
 * published keys has its `jti` put on the deny list. An unverified `jti` is never denied, or
 * a forged token naming someone else's `jti` would end their session.
 */

import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { SIGNING_ALGORITHMS } from './keys-options.js';
import type { AccessRevocation } from './revocation.js';

/** What the check needs from the issuer. */
export interface AccessTokenRevocationContext {
  /** `iss` the token must carry. */
  readonly issuer: string;
  /** The issuer's public keys: next, current and retiring. */
  readonly jwks: () => Promise<JSONWebKeySet>;
  /** The issuer's clock, ms. */
  readonly now: () => number;
  readonly revocation: AccessRevocation;
}

/**
 * Verifies `accessToken` (RFC 9068: `typ` `at+jwt`, our `iss`, signed by one of our keys,
 * unexpired) and denies its `jti` until its `exp`. Resolves `true` when it was denied,
 * `false` for anything else: a token of another issuer, a forged, malformed or expired one,
 * or a nested JWE (encrypted to a resource server, so the issuer cannot read it).
 *
 * @example
 * ```ts
 * await revokeAccessToken(accessToken, { issuer, jwks: () => tokens.jwks(), now, revocation });
 * ```
 */
export async function revokeAccessToken(
  accessToken: string,
  context: AccessTokenRevocationContext,
): Promise<boolean> {
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(accessToken, createLocalJWKSet(await context.jwks()), {
      issuer: context.issuer,
      typ: 'at+jwt',
      algorithms: [...SIGNING_ALGORITHMS],
      currentDate: new Date(context.now()),
      requiredClaims: ['jti', 'exp'],
    }));
  } catch {
    return false;
  }
  // jose has checked that `exp` is a number; `jti` may be anything a signer put there.
  if (typeof payload.jti !== 'string') return false;
  await context.revocation.revoke([{ jti: payload.jti, exp: payload.exp as number }]);
  return true;
}
