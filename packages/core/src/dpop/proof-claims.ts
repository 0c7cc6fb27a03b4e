/**
 * The claims of a signed DPoP proof (RFC 9449 §4.2, §4.3 checks 8-12 but the nonce and
 * `jti` replay): a `jti`, the request's method and URI, a fresh `iat`, and with an access
 * token its hash.
 */
import { base64url, type JWTPayload } from 'jose';
import { normalizeHtu } from './htu.js';
import { invalidProof } from './proof-error.js';

/**
 * What the claims are checked against.
 *
 * @example
 * ```ts
 * const request: ProofRequest = { method: 'GET', url: 'https://api.example.com/me', nowMs: Date.now() };
 * ```
 */
export interface ProofRequest {
  readonly method: string;
  readonly url: string;
  readonly accessToken?: string | undefined;
  readonly nowMs: number;
}

/**
 * The time rules, in seconds.
 *
 * @example
 * ```ts
 * const rules: ProofTimeRules = { iatWindow: 60, clockTolerance: 5 };
 * ```
 */
export interface ProofTimeRules {
  readonly iatWindow: number;
  readonly clockTolerance: number;
}

/**
 * The claims a verified proof yields.
 *
 * @example
 * ```ts
 * const { jti, iat }: ProofClaims = await checkProofClaims(payload, request, rules);
 * ```
 */
export interface ProofClaims {
  readonly jti: string;
  readonly iat: number;
}

// RFC 9449 §4.2 asks for at least 96 bits of randomness, 16 base64url characters; the upper
// bound keeps one replay-store entry small.
const MAX_JTI_LENGTH = 256;

/**
 * base64url of the SHA-256 of a token's ASCII: a proof's `ath` (RFC 9449 §4.2).
 *
 * @example
 * ```ts
 * const ath = await accessTokenHash(accessToken);
 * ```
 */
export async function accessTokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return base64url.encode(new Uint8Array(digest));
}

/**
 * How the claims are compared: the `htu` normalisation and the access token's hash. The
 * proof verifier passes faster equivalents where it has them (a remembered normalisation,
 * node:crypto's synchronous hash); each must give what the default gives.
 *
 * @example
 * ```ts
 * const helpers: ProofClaimHelpers = { normalizeHtu, hashToken: accessTokenHash };
 * ```
 */
export interface ProofClaimHelpers {
  readonly normalizeHtu: (url: string) => string | undefined;
  readonly hashToken: (token: string) => string | Promise<string>;
}

const DEFAULT_HELPERS: ProofClaimHelpers = { normalizeHtu, hashToken: accessTokenHash };

/**
 * Checks a proof's claims against the request, in a fixed order; throws
 * `ERR_DPOP_PROOF_INVALID` at the first that fails, its `dpopReason` naming the claim. A
 * request URL that cannot be normalised is refused whatever the proof says.
 *
 * @example
 * ```ts
 * const { jti, iat } = await checkProofClaims(payload, { method: 'GET', url, nowMs: Date.now() }, {
 *   iatWindow: 60,
 *   clockTolerance: 5,
 * });
 * ```
 */
export async function checkProofClaims(
  payload: JWTPayload,
  request: ProofRequest,
  rules: ProofTimeRules,
  helpers: ProofClaimHelpers = DEFAULT_HELPERS,
): Promise<ProofClaims> {
  const { jti, htm, htu, iat, ath } = payload;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
    throw invalidProof('jti', 'jti is missing or invalid');
  }
  // RFC 9110 §9.1: method names are case-sensitive.
  if (typeof htm !== 'string' || htm !== request.method) {
    throw invalidProof('htm', 'htm does not match the request method');
  }
  // A request URL that cannot be normalised matches no proof: refused on its own, so that a
  // proof without a usable `htu` can never compare equal to it (undefined === undefined).
  const expected = helpers.normalizeHtu(request.url);
  if (expected === undefined) throw invalidProof('htu', 'the request URL cannot be normalised');
  if (typeof htu !== 'string' || helpers.normalizeHtu(htu) !== expected) {
    throw invalidProof('htu', 'htu does not match the request URI');
  }
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalidProof('iat', 'iat is missing');
  const iatMs = iat * 1000;
  if (request.nowMs - iatMs > rules.iatWindow * 1000) throw invalidProof('iat', 'iat is too old');
  if (iatMs - request.nowMs > rules.clockTolerance * 1000) {
    throw invalidProof('iat', 'iat is in the future');
  }
  // RFC 9449 §4.3 check 12 (and §7.1): with an access token, `ath` is required and must match.
  if (request.accessToken !== undefined) {
    if (typeof ath !== 'string' || ath !== (await helpers.hashToken(request.accessToken))) {
      throw invalidProof('ath', 'ath does not match the access token');
    }
  }
  return { jti, iat };
}
