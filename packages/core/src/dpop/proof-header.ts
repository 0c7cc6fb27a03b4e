/**
 * The DPoP proof's protected header, checked before any signature work (RFC 9449 §4.3
 * checks 4-7): `typ` is `dpop+jwt`, `alg` is an allowed asymmetric algorithm, `jwk` is a
 * public key, and no `crit` extension or unencoded payload. A client's proofs all carry the
 * same header, so its verdict is remembered per header segment.
 */
import type { ProtectedHeaderParameters } from 'jose';
import type { DpopFailureReason } from '../errors/dpop-reason.js';
import { parseHeaderSegment, rememberVerdicts } from '../signature/node/header-verdicts.js';
import { invalidProof } from './proof-error.js';

// RFC 7517 §6.2.2, §6.3.2 and RFC 7518 §6.4.1: members that carry private or secret key
// material (`priv` is the private key of an AKP key). jose refuses a JWK whose import gives
// a private key, but an RSA JWK with `p` and `q` and no `d` imports as a public key: the
// client would have published its private key, and RFC 9449 §4.3 check 7 refuses that.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;
const DPOP_TYPE = 'dpop+jwt';
const MEDIA_TYPE_PREFIX = 'application/';

// RFC 7515 §4.1.9: a `typ` may omit `application/`, and media types compare without case.
function isDpopType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const lower = typ.toLowerCase();
  const bare = lower.startsWith(MEDIA_TYPE_PREFIX) ? lower.slice(MEDIA_TYPE_PREFIX.length) : lower;
  return bare === DPOP_TYPE;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A refused header: the rule that failed (for events) and how (for the cause).
 *
 * @example
 * ```ts
 * const failure: ProofHeaderFailure = { reason: 'typ', detail: 'typ is not dpop+jwt' };
 * ```
 */
export interface ProofHeaderFailure {
  readonly reason: Extract<DpopFailureReason, 'typ' | 'alg' | 'jwk' | 'malformed'>;
  readonly detail: string;
}

const failed = (reason: ProofHeaderFailure['reason'], detail: string): ProofHeaderFailure => ({
  reason,
  detail,
});

/**
 * Why a proof's protected header is refused, or `undefined` when it passes. The detail
 * names the rule, never a value from the header.
 *
 * @example
 * ```ts
 * proofHeaderFailure({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk }, new Set(['ES256'])); // undefined
 * proofHeaderFailure({ typ: 'JWT', alg: 'ES256', jwk: publicJwk }, new Set(['ES256']))?.reason; // 'typ'
 * ```
 */
export function proofHeaderFailure(
  header: ProtectedHeaderParameters,
  algorithms: ReadonlySet<string>,
): ProofHeaderFailure | undefined {
  // RFC 7515 §4.1.11, RFC 7797: we implement no extension, so any `crit` names one we cannot
  // honour, and a payload is always base64url-encoded (as for access tokens).
  if (header.crit !== undefined || (header.b64 !== undefined && header.b64 !== true)) {
    return failed('malformed', 'crit or b64 is not supported');
  }
  if (!isDpopType(header.typ)) return failed('typ', 'typ is not dpop+jwt');
  // The allowlist holds asymmetric algorithms only, so `none` and `HS*` fail here.
  if (typeof header.alg !== 'string' || !algorithms.has(header.alg)) {
    return failed('alg', 'alg is not allowed');
  }
  const jwk: unknown = header.jwk;
  if (!isPlainObject(jwk)) return failed('jwk', 'jwk is missing or not an object');
  if (typeof jwk.kty !== 'string') return failed('jwk', 'jwk has no kty');
  for (const member of PRIVATE_MEMBERS) {
    if (Object.hasOwn(jwk, member)) return failed('jwk', 'jwk holds private key material');
  }
  return undefined;
}

type ProofHeaderVerdict =
  | { readonly header: ProtectedHeaderParameters; readonly failure?: undefined }
  | { readonly failure: ProofHeaderFailure };

function judgeProofHeader(segment: string, algorithms: ReadonlySet<string>): ProofHeaderVerdict {
  const header = parseHeaderSegment(segment);
  if (header === undefined) {
    return { failure: failed('malformed', 'the protected header is not a JSON object') };
  }
  const failure = proofHeaderFailure(header, algorithms);
  if (failure !== undefined) return { failure };
  // Shared by every proof with this header: nothing may change it.
  Object.freeze(header.jwk);
  return { header: Object.freeze(header) };
}

/**
 * Prepares the header check of one proof verifier: the function it returns reads a proof's
 * header segment and returns the frozen header, or throws `ERR_DPOP_PROOF_INVALID` naming
 * the rule it breaks. Verdicts are remembered per segment (a bounded memo).
 *
 * @example
 * ```ts
 * const readProofHeader = createProofHeaderReader(new Set(['ES256']));
 * const header = readProofHeader(proof.slice(0, proof.indexOf('.')));
 * ```
 */
export function createProofHeaderReader(
  algorithms: ReadonlySet<string>,
): (segment: string) => ProtectedHeaderParameters {
  const verdictOf = rememberVerdicts((segment) => judgeProofHeader(segment, algorithms));
  return (segment) => {
    const verdict = verdictOf(segment);
    const { failure } = verdict;
    if (failure !== undefined) throw invalidProof(failure.reason, failure.detail);
    return verdict.header;
  };
}
