/**
 * The DPoP proof's signature by the key it carries (RFC 9449 §4.3 checks 5-7), through
 * jose. jose checks `typ` and the algorithm allowlist again on its own: the header checks
 * run first and refuse the same proofs, so this layer is the one that would still hold if
 * they were changed; its refusals name the rule it caught.
 */
import { type JWK, type JWTPayload, jwtVerify, type ProtectedHeaderParameters } from 'jose';
import type { DpopFailureReason } from '../errors/dpop-reason.js';
import { JwtGuardError } from '../errors/jwt-guard-error.js';
import { proofRefusedBy } from './proof-error.js';
import { createProofKeyCache, type ProofKeyCache } from './proof-key-cache.js';

/**
 * What the signature is checked with.
 *
 * @example
 * ```ts
 * const rules: ProofSignatureRules = { algorithms: ['ES256'], nowMs: Date.now(), clockTolerance: 5 };
 * ```
 */
export interface ProofSignatureRules {
  readonly algorithms: readonly string[];
  readonly nowMs: number;
  readonly clockTolerance: number;
}

/**
 * A proof whose signature verified: its claims and the public JWK that verified them.
 *
 * @example
 * ```ts
 * const { payload, jwk }: SignedProof = await verifyProofSignature(proof, rules);
 * ```
 */
export interface SignedProof {
  readonly payload: JWTPayload;
  readonly jwk: JWK;
}

/**
 * One way of checking a proof's signature: the proof, its header as the header check read
 * it, the rules, and the verifier's key cache. Rejects with `ERR_DPOP_PROOF_INVALID`.
 *
 * @example
 * ```ts
 * const { payload, jwk } = await checkSignature(proof, header, rules, keys);
 * ```
 */
export type ProofSignatureCheck = (
  proof: string,
  header: ProtectedHeaderParameters,
  rules: ProofSignatureRules,
  keys: ProofKeyCache,
) => Promise<SignedProof>;

const DPOP_TYPE = 'dpop+jwt';

// jose's codes (and claim names) for what it refuses after the key is imported.
function reasonOf(error: unknown): DpopFailureReason {
  const { code, claim } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    claim?: unknown;
  };
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'signature';
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return 'alg';
  if (claim === 'typ') return 'typ';
  // `exp`, `nbf` and `iat`, when a proof carries them, are time rules like the `iat` window.
  if (code === 'ERR_JWT_EXPIRED' || code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return 'iat';
  // The rest is the JWS's form: `crit`, `b64`, a claims set that is not a JSON object.
  return 'malformed';
}

/**
 * Verifies a proof's signature with the public key in its own header (imported once by
 * `keys`, the proof verifier's cache), `typ` being `dpop+jwt` and `alg` one of
 * `algorithms`; rejects with `ERR_DPOP_PROOF_INVALID` whose
 * `dpopReason` names the rule (`signature`, `alg`, `typ`, `jwk`, `iat` or `malformed`).
 *
 * @example
 * ```ts
 * const { payload, jwk } = await verifyProofSignature(proof, { algorithms: ['ES256'], nowMs: Date.now(), clockTolerance: 5 });
 * ```
 */
export async function verifyProofSignature(
  proof: string,
  rules: ProofSignatureRules,
  keys: ProofKeyCache = createProofKeyCache(1),
): Promise<SignedProof> {
  try {
    const { payload, protectedHeader } = await jwtVerify(proof, keys.keyFor, {
      algorithms: [...rules.algorithms],
      typ: DPOP_TYPE,
      currentDate: new Date(rules.nowMs),
      clockTolerance: rules.clockTolerance,
    });
    return { payload, jwk: protectedHeader.jwk as JWK };
  } catch (error) {
    if (error instanceof JwtGuardError) throw error;
    throw proofRefusedBy(reasonOf(error), error);
  }
}

/**
 * {@link verifyProofSignature} as a {@link ProofSignatureCheck}: jose reads the header again
 * itself, from the proof.
 *
 * @example
 * ```ts
 * const { payload } = await joseProofSignature(proof, header, rules, keys);
 * ```
 */
export const joseProofSignature: ProofSignatureCheck = (proof, _header, rules, keys) =>
  verifyProofSignature(proof, rules, keys);
