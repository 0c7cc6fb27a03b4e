/**
 * The errors of a refused DPoP proof (RFC 9449 §7.1: `invalid_dpop_proof`). The cause names
 * the rule that failed, so logs can tell refusals apart, but never quotes the proof: jose's
 * own messages may quote header values (an unrecognised `crit` name, say) and its claim
 * errors carry the whole payload.
 */
import type { DpopFailureReason } from '../errors/dpop-reason.js';
import { createError, type JwtGuardError } from '../errors/jwt-guard-error.js';

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * `ERR_DPOP_PROOF_INVALID` with the rule that failed as its `dpopReason` (for events), and
 * a cause that says how.
 *
 * @example
 * ```ts
 * if (claims.htm !== method) throw invalidProof('htm', 'htm does not match the request method');
 * ```
 */
export function invalidProof(reason: DpopFailureReason, detail: string): JwtGuardError {
  return createError('ERR_DPOP_PROOF_INVALID', {
    dpopReason: reason,
    cause: new Error(`DPoP proof: ${detail}`),
  });
}

/**
 * `ERR_DPOP_PROOF_INVALID` for an error thrown by jose or WebCrypto while reading or
 * verifying a proof, under the rule the caller was checking. Only the error's code (jose)
 * or name (a `DOMException`) is kept.
 *
 * @example
 * ```ts
 * try { await jwtVerify(proof, EmbeddedJWK, options); } catch (error) { throw proofRefusedBy('signature', error); }
 * ```
 */
export function proofRefusedBy(reason: DpopFailureReason, error: unknown): JwtGuardError {
  const { code, name } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    name?: unknown;
  };
  const label = [code, name].find(
    (value): value is string => typeof value === 'string' && SIMPLE_NAME.test(value),
  );
  return invalidProof(reason, `refused while verifying (${label ?? 'unknown error'})`);
}
