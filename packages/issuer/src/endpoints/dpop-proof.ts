/**
 * The DPoP proof at the token endpoints (RFC 9449 §5): one `DPoP` header, checked with
 * core's proof verifier for `htm` POST and `htu` the endpoint's public URL; its key's
 * thumbprint is what the tokens are bound to.
 */
import { JwtGuardError } from '@jwt-guard/core/adapter';
import type { ResolvedEndpoints } from './endpoint-options.js';
import { EndpointRefusal, errorResponse, refuse } from './responses.js';

/**
 * The thumbprint (`jkt`) of the request's valid DPoP proof, or `undefined` when it has
 * none (and proofs are not required). Refuses with 400 `invalid_dpop_proof` for a bad,
 * replayed or repeated proof, and with 400 `use_dpop_nonce` and a fresh `DPoP-Nonce` when
 * server nonces are on and the proof lacks a fresh one (RFC 9449 §8).
 *
 * @example
 * ```ts
 * const dpopJkt = await proofJkt(request.headers, `${resolved.publicBase}/auth/token`, resolved, now);
 * ```
 */
export async function proofJkt(
  headers: Headers,
  url: string,
  resolved: ResolvedEndpoints,
  nowMs: number,
): Promise<string | undefined> {
  const proof = headers.get('dpop');
  if (proof === null) {
    if (resolved.dpopRequired) refuse('invalid_dpop_proof', 'a DPoP proof is required');
    return undefined;
  }
  // RFC 9449 §4.3 check 1: exactly one DPoP header (several arrive joined by commas).
  if (proof.includes(',')) refuse('invalid_dpop_proof', 'exactly one DPoP proof is allowed');
  try {
    const { jkt } = await resolved.verifyProof({ proof, method: 'POST', url, nowMs });
    return jkt;
  } catch (error) {
    if (!(error instanceof JwtGuardError)) throw error;
    if (error.code === 'ERR_DPOP_NONCE_REQUIRED' && resolved.dpopNonces !== undefined) {
      const nonce = await resolved.dpopNonces.issue(nowMs);
      throw new EndpointRefusal(
        errorResponse(400, 'use_dpop_nonce', 'a DPoP nonce is required', [['DPoP-Nonce', nonce]]),
      );
    }
    // A replay store that cannot be read is the server's failure, not the proof's.
    if (error.code === 'ERR_REPLAY_CHECK_UNAVAILABLE') throw error;
    return refuse('invalid_dpop_proof', 'the DPoP proof is invalid');
  }
}
