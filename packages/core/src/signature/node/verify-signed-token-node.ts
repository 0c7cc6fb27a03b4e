/**
 * The Node fast path of signature verification: the same rules as the jose path, with the
 * signature checked by `node:crypto` on a cached `KeyObject`, which costs a fraction of
 * WebCrypto's per-call overhead in Node. With nothing else in flight it verifies
 * synchronously (no thread-pool round trip); under concurrency it uses the thread pool,
 * keeping the event loop free.
 */
import type { JWTPayload } from 'jose';
import { createError } from '../../errors/jwt-guard-error.js';
import type { KeySource } from '../../keys/key-source.js';
import { asciiBytes, decodeCanonical } from '../../token/base64url.js';
import {
  acceptClaims,
  createKeyFitCheck,
  type SignedTokenResult,
  type VerificationRules,
  type VerifySignedToken,
} from '../signed-token.js';
import { createHeaderVerdicts } from './header-verdicts.js';
import type { NodeCrypto } from './node-crypto.js';
import {
  createKeyInputs,
  type KeyInput,
  type SignatureScheme,
  signatureSchemes,
} from './signature-schemes.js';

// Alone, a synchronous verify is fastest (no thread-pool round trip); with others under
// way, the thread pool runs them in parallel off the event loop.
function verifySignature(
  nodeCrypto: NodeCrypto,
  alone: boolean,
  scheme: SignatureScheme,
  data: Uint8Array,
  keyInput: KeyInput,
  signature: Uint8Array,
): boolean | Promise<boolean> {
  if (alone) return nodeCrypto.verify(scheme.hash, data, keyInput, signature);
  return new Promise<boolean>((resolve, reject) => {
    nodeCrypto.verify(scheme.hash, data, keyInput, signature, (error, ok) =>
      error ? reject(error) : resolve(ok),
    );
  });
}

/**
 * Prepares the Node path once. Asymmetric algorithms only; HMAC stays on jose. `fallback`
 * (the jose path) takes over for good if this runtime's `node:crypto` turns out unable.
 *
 * @example
 * ```ts
 * const verifySigned = createNodeSignedTokenVerifier(rules, keySource, loadNodeCrypto()!, joseVerifier);
 * ```
 */
export function createNodeSignedTokenVerifier(
  rules: VerificationRules,
  keySource: KeySource,
  nodeCrypto: NodeCrypto,
  fallback: VerifySignedToken,
): VerifySignedToken {
  const schemes = signatureSchemes(nodeCrypto);
  const keyInputOf = createKeyInputs(nodeCrypto);
  const readHeader = createHeaderVerdicts(rules.header);
  const assertKeyFits = createKeyFitCheck();
  let pending = 0;
  let usable = true;
  // One async function per token, not two: each layer costs a promise and a microtask.
  return async (token, nowMs, context, claims): Promise<SignedTokenResult> => {
    if (!usable) return fallback(token, nowMs, context, claims);
    pending += 1;
    try {
      const firstDot = token.indexOf('.');
      const secondDot = firstDot === -1 ? -1 : token.indexOf('.', firstDot + 1);
      // Both decoded up front, so that a malformed token is refused as such before any key
      // lookup, as on the jose path. A third dot is no base64url and fails the round trip.
      // Claims read from this token already (to route it) were decoded the same strict way.
      const payloadBytes =
        secondDot === -1
          ? undefined
          : (claims ?? decodeCanonical(token.slice(firstDot + 1, secondDot)));
      const signature = payloadBytes && decodeCanonical(token.slice(secondDot + 1));
      if (!signature) throw createError('ERR_TOKEN_MALFORMED');
      const header = readHeader(token.slice(0, firstDot));
      const alg = header.alg as string;
      const scheme = schemes[alg];
      // An allowed algorithm node:crypto has no scheme for here (ML-DSA): jose's to verify.
      if (!scheme) return await fallback(token, nowMs, context, claims);
      const lookup =
        keySource.peekKey?.(header, context) ?? (await keySource.getKey(header, context));
      assertKeyFits(lookup, alg);
      let valid: boolean;
      try {
        valid = await verifySignature(
          nodeCrypto,
          pending <= 1,
          scheme,
          asciiBytes(token.slice(0, secondDot)),
          keyInputOf(lookup.key as CryptoKey, scheme),
          signature,
        );
      } catch {
        // Node answers any bad signature with false; a throw means this runtime's node:crypto
        // cannot do what we ask (workerd's nodejs_compat refuses a KeyObject in an options
        // object). It is no verdict on the token: let jose decide, and stay with jose.
        usable = false;
        return fallback(token, nowMs, context, claims);
      }
      if (!valid) throw createError('ERR_SIGNATURE_INVALID');
      return acceptClaims(payloadBytes as Uint8Array | JWTPayload, header, lookup, rules, nowMs);
    } finally {
      pending -= 1;
    }
  };
}
