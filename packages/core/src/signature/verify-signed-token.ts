/**
 * The signature path of every runtime (WebCrypto through jose): canonical form, the
 * header rules, the key, jose's `compactVerify`, then the shared claims step.
 */
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { createError } from '../errors/jwt-guard-error.js';
import { translateJoseError } from '../errors/translate-jose-error.js';
import type { KeySource } from '../keys/key-source.js';
import { isCanonicalCompactJws } from '../token/compact-token.js';
import { headerFailure } from '../token/header-policy.js';
import {
  acceptClaims,
  createKeyFitCheck,
  type VerificationRules,
  type VerifySignedToken,
} from './signed-token.js';

/**
 * Prepares the jose-based verification once, for every later token.
 *
 * @example
 * ```ts
 * const verifySigned = createSignedTokenVerifier(rules, keySource);
 * const { payload } = await verifySigned(token, Date.now());
 * ```
 */
export function createSignedTokenVerifier(
  rules: VerificationRules,
  keySource: KeySource,
): VerifySignedToken {
  const algorithms = [...rules.header.algorithms];
  const assertKeyFits = createKeyFitCheck();
  return async (token, nowMs, context, claims) => {
    // One spelling per token (SECURITY.md); jose's decoder alone would accept several.
    if (!isCanonicalCompactJws(token)) throw createError('ERR_TOKEN_MALFORMED');
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(token) as ProtectedHeaderParameters;
    } catch (error) {
      throw translateJoseError(error);
    }
    const failure = headerFailure(header, rules.header);
    if (failure) throw createError(failure);
    const lookup = await keySource.getKey(header, context);
    assertKeyFits(lookup, header.alg as string);
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, lookup.key, { algorithms }));
    } catch (error) {
      throw translateJoseError(error);
    }
    return acceptClaims(claims ?? payload, header, lookup, rules, nowMs);
  };
}
