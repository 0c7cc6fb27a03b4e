/**
 * What both signature paths share: the rules a token is held to, the shape of their
 * result, the check that a key fits the token's algorithm, and the claims step after the
 * signature.
 */
import type { JWSHeaderParameters, JWTPayload, ProtectedHeaderParameters } from 'jose';
import { isHmacAlgorithm, keyFitsAlgorithm, sameAlgorithm } from '../algorithms.js';
import { decodeClaims } from '../claims/decode-claims.js';
import { type ClaimRules, claimsRefusal } from '../claims/validate-claims.js';
import { createError } from '../errors/jwt-guard-error.js';
import type { KeyLookup } from '../keys/key-source.js';
import type { RequestContext } from '../request-context.js';
import type { HeaderRules } from '../token/header-policy.js';

/** Everything a token is held to, prepared once from the options. */
export interface VerificationRules {
  readonly header: HeaderRules;
  readonly claims: ClaimRules;
}

/** A token that passed: its claims, header, and the id of the key that verified it. */
export interface SignedTokenResult {
  readonly payload: JWTPayload;
  readonly header: ProtectedHeaderParameters;
  /** {@link KeyLookup.id} of the verifying key, when its source names keys. */
  readonly keyId: string | undefined;
}

/**
 * Verifies one token at a given time (milliseconds); rejects with a `JwtGuardError`.
 * Refuses any token not in canonical compact form (`ERR_TOKEN_MALFORMED`) before all else.
 * `claims`, when the caller already read them from this very token (to route it by
 * issuer), spares a second parse; they are checked after the signature as always.
 */
export type VerifySignedToken = (
  token: string,
  nowMs: number,
  context?: RequestContext,
  claims?: JWTPayload,
) => Promise<SignedTokenResult>;

/**
 * Prepares the check both paths make before a signature is verified: it throws
 * `ERR_KEY_NOT_FOUND` unless the key may verify `alg` (RFC 8725 §3.1): the algorithm the
 * source pinned it to, an HMAC secret only for HS*, and a public key whose type, curve,
 * size and scheme are the ones `alg` names. A key's verdict is remembered per algorithm:
 * reading a `CryptoKey`'s usages allocates, and the same few keys verify every token.
 *
 * @example
 * ```ts
 * const assertKeyFits = createKeyFitCheck();
 * assertKeyFits(await keySource.getKey(header), header.alg);
 * ```
 */
export function createKeyFitCheck(): (lookup: KeyLookup, alg: string) => void {
  const fitting = new WeakMap<CryptoKey, string>();
  return (lookup, alg) => {
    const { key } = lookup;
    if (lookup.alg !== undefined && !sameAlgorithm(lookup.alg, alg)) {
      throw createError('ERR_KEY_NOT_FOUND');
    }
    if (key instanceof Uint8Array) {
      if (!isHmacAlgorithm(alg)) throw createError('ERR_KEY_NOT_FOUND');
      return;
    }
    if (fitting.get(key) === alg) return;
    if (typeof key !== 'object' || key === null || !('algorithm' in key)) {
      throw createError('ERR_KEY_NOT_FOUND');
    }
    if (!keyFitsAlgorithm(key, alg)) throw createError('ERR_KEY_NOT_FOUND');
    fitting.set(key, alg);
  };
}

/**
 * The step after a valid signature: parse the payload (unless it was read already, from
 * the same token) and apply the claim rules.
 *
 * @example
 * ```ts
 * return acceptClaims(payloadBytes, header, lookup, rules, Date.now());
 * ```
 */
export function acceptClaims(
  payloadBytes: Uint8Array | JWTPayload,
  header: JWSHeaderParameters,
  lookup: KeyLookup,
  rules: VerificationRules,
  nowMs: number,
): SignedTokenResult {
  const payload = payloadBytes instanceof Uint8Array ? decodeClaims(payloadBytes) : payloadBytes;
  const refusal = claimsRefusal(payload, rules.claims, Math.floor(nowMs / 1000));
  if (refusal) throw createError(refusal.code, { claim: refusal.claim, hint: refusal.hint });
  return { payload, header: header as ProtectedHeaderParameters, keyId: lookup.id };
}
