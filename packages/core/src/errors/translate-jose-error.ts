/**
 * The one place where jose's errors become ours, by jose's `code`, keeping `cause`.
 * Anything unforeseen is an invalid token rather than a crash: it came from verifying
 * attacker-controlled input.
 */
import type { ErrorCode } from './codes.js';
import { createError, JwtGuardError } from './jwt-guard-error.js';

const BY_JOSE_CODE: Readonly<Record<string, ErrorCode>> = {
  ERR_JWT_EXPIRED: 'ERR_TOKEN_EXPIRED',
  ERR_JOSE_ALG_NOT_ALLOWED: 'ERR_ALGORITHM_NOT_ALLOWED',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'ERR_SIGNATURE_INVALID',
  ERR_JWKS_NO_MATCHING_KEY: 'ERR_KEY_NOT_FOUND',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'ERR_KEY_NOT_FOUND',
  ERR_JWS_INVALID: 'ERR_TOKEN_MALFORMED',
  ERR_JWT_INVALID: 'ERR_TOKEN_MALFORMED',
  ERR_JOSE_NOT_SUPPORTED: 'ERR_HEADER_INVALID',
  ERR_JWK_INVALID: 'ERR_KEY_NOT_FOUND',
};

const BY_CLAIM: Readonly<Record<string, ErrorCode>> = {
  iss: 'ERR_ISSUER_MISMATCH',
  aud: 'ERR_AUDIENCE_MISMATCH',
  nbf: 'ERR_TOKEN_NOT_YET_VALID',
};

/**
 * Maps an error thrown while verifying a token to a {@link JwtGuardError}.
 * Our own errors pass through unchanged.
 *
 * @example
 * ```ts
 * try { await jwtVerify(token, key, options); } catch (e) { throw translateJoseError(e, realm); }
 * ```
 */
export function translateJoseError(error: unknown, realm: string): JwtGuardError {
  if (error instanceof JwtGuardError) return error;
  // jose's claim errors carry the whole claims set, and its parse errors keep JSON.parse's
  // SyntaxError as their own cause, which quotes the token text. A logger that serializes
  // the cause chain would print them, which SECURITY.md forbids: keep jose's error (its
  // code and message), drop both.
  if (typeof error === 'object' && error !== null) {
    if (Object.hasOwn(error, 'payload')) delete (error as { payload?: unknown }).payload;
    if (Object.hasOwn(error, 'cause')) delete (error as { cause?: unknown }).cause;
  }
  const joseCode = (error as { code?: unknown } | null)?.code;
  let code: ErrorCode = 'ERR_TOKEN_MALFORMED';
  if (joseCode === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const { claim, reason } = error as { claim?: unknown; reason?: unknown };
    // reason 'invalid' is a claim of the wrong type: malformed, not a failed comparison.
    code =
      (reason !== 'invalid' && typeof claim === 'string' && BY_CLAIM[claim]) || 'ERR_CLAIM_INVALID';
  } else if (joseCode === 'ERR_JWT_EXPIRED' && (error as { claim?: unknown }).claim === 'iat') {
    code = 'ERR_TOKEN_TOO_OLD';
  } else if (typeof joseCode === 'string' && BY_JOSE_CODE[joseCode]) {
    code = BY_JOSE_CODE[joseCode];
  }
  return createError(code, { realm, cause: error });
}
