/**
 * The DPoP proof's signature on Node (RFC 9449 §4.3 checks 5-7): the rules of the jose path
 * (`proof-signature.ts`), with the signature checked synchronously by `node:crypto` on the
 * proof key's cached `KeyObject`, through the scheme table and key inputs that verify access
 * tokens on Node. WebCrypto's verify is a thread-pool round trip per proof on Node; this is
 * a direct call.
 */
import type { JWK, JWTPayload } from 'jose';
import { decodeClaims } from '../claims/decode-claims.js';
import type { NodeCrypto } from '../signature/node/node-crypto.js';
import { createKeyInputs, signatureSchemes } from '../signature/node/signature-schemes.js';
import { asciiBytes, decodeCanonical } from '../token/base64url.js';
import { invalidProof } from './proof-error.js';
import { proofHeaderFailure } from './proof-header.js';
import type { ProofSignatureCheck, ProofSignatureRules } from './proof-signature.js';

// jose's JWT claims rules (RFC 7519 §4.1.4, §4.1.5), which the jose path applies to a
// proof: `iat`, `nbf` and `exp` are numbers when present, `nbf` not ahead of now and `exp`
// not past, each within the tolerance; seconds counted as jose does (whole seconds).
function timeClaimsFailure(payload: JWTPayload, rules: ProofSignatureRules): string | undefined {
  const { iat, nbf, exp } = payload;
  if (iat !== undefined && typeof iat !== 'number') return 'iat is not a number';
  if (nbf !== undefined && typeof nbf !== 'number') return 'nbf is not a number';
  if (exp !== undefined && typeof exp !== 'number') return 'exp is not a number';
  const now = Math.floor(rules.nowMs / 1000);
  if (nbf !== undefined && nbf > now + rules.clockTolerance) return 'nbf is in the future';
  if (exp !== undefined && exp <= now - rules.clockTolerance) return 'exp has passed';
  return undefined;
}

function readClaims(bytes: Uint8Array): JWTPayload {
  try {
    return decodeClaims(bytes);
  } catch {
    throw invalidProof('malformed', 'the claims are not a JSON object');
  }
}

/**
 * Prepares the Node path once, for one proof verifier's allowed `algorithms`. An algorithm
 * `node:crypto` has no scheme for goes to `fallback` (the jose path), and so does every
 * proof from the first time this runtime's `node:crypto` throws instead of answering.
 *
 * @example
 * ```ts
 * const checkSignature = createNodeProofSignature(loadNodeCrypto()!, allowed, joseProofSignature);
 * const { payload, jwk } = await checkSignature(proof, header, rules, keys);
 * ```
 */
export function createNodeProofSignature(
  nodeCrypto: NodeCrypto,
  algorithms: ReadonlySet<string>,
  fallback: ProofSignatureCheck,
): ProofSignatureCheck {
  const schemes = signatureSchemes(nodeCrypto);
  const keyInputOf = createKeyInputs(nodeCrypto);
  let usable = true;
  return async (proof, header, rules, keys) => {
    // This layer holds on its own, as jose's does on the other path.
    const failure = proofHeaderFailure(header, algorithms);
    if (failure !== undefined) throw invalidProof(failure.reason, failure.detail);
    const scheme = schemes[header.alg as string];
    if (!usable || scheme === undefined) return fallback(proof, header, rules, keys);
    const firstDot = proof.indexOf('.');
    const secondDot = proof.indexOf('.', firstDot + 1);
    const payloadBytes =
      secondDot === -1 ? undefined : decodeCanonical(proof.slice(firstDot + 1, secondDot));
    const signature = payloadBytes && decodeCanonical(proof.slice(secondDot + 1));
    if (!signature) throw invalidProof('malformed', 'not a compact JWS');
    const key = await keys.keyFor(header);
    let valid: boolean;
    try {
      // The signing input is the proof's own bytes: its header and payload as sent.
      const input = asciiBytes(proof.slice(0, secondDot));
      valid = nodeCrypto.verify(scheme.hash, input, keyInputOf(key, scheme), signature);
    } catch {
      // Node answers any bad signature with false; a throw means this runtime's node:crypto
      // cannot do what we ask. No verdict on the proof: jose decides, now and from now on.
      usable = false;
      return fallback(proof, header, rules, keys);
    }
    if (!valid) throw invalidProof('signature', 'the signature does not verify');
    const payload = readClaims(payloadBytes as Uint8Array);
    const timeFailure = timeClaimsFailure(payload, rules);
    if (timeFailure !== undefined) throw invalidProof('iat', timeFailure);
    return { payload, jwk: header.jwk as JWK };
  };
}
