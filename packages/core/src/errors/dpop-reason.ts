/**
 * Which DPoP rule refused a proof, for the server's own events and logs. The client's answer
 * stays the same whatever the rule (RFC 9449 §7.1 `invalid_dpop_proof`), so a probe learns
 * nothing; an operator can tell a replay from an `htu` that a proxy set-up made wrong.
 */

/**
 * The rule behind an `ERR_DPOP_PROOF_INVALID` or `ERR_DPOP_NONCE_REQUIRED` refusal:
 * - `malformed`: no `DPoP` header, several, over 8 KiB, or not one canonical compact JWS;
 * - `typ`, `alg`, `jwk`: the protected header (RFC 9449 §4.3 checks 4-7);
 * - `signature`: the proof's signature by its own key;
 * - `jti`, `htm`, `htu`, `iat`, `ath`: the claims (checks 8-12);
 * - `nonce`: no server nonce, or one that is stale or not ours (§8);
 * - `replay`: the `jti` was seen before (§11.1).
 *
 * @example
 * ```ts
 * const reason: DpopFailureReason = 'htu';
 * ```
 */
export type DpopFailureReason =
  | 'malformed'
  | 'typ'
  | 'alg'
  | 'jwk'
  | 'signature'
  | 'jti'
  | 'htm'
  | 'htu'
  | 'iat'
  | 'ath'
  | 'nonce'
  | 'replay';
