/**
 * The one place where jose's errors become ours, by jose's `code`, keeping `cause`.
 * Anything unforeseen is an invalid token rather than a crash: it came from verifying
 * attacker-controlled input.
 */
import type { ErrorCode } from './codes.js';
import { createError, JwtGuardError } from './jwt-guard-error.js';

const BY_JOSE_CODE: Readonly<Record<string, ErrorCode>> = {
  ERR_JOSE_ALG_NOT_ALLOWED: 'ERR_ALGORITHM_NOT_ALLOWED',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'ERR_SIGNATURE_INVALID',
  ERR_JWS_INVALID: 'ERR_TOKEN_MALFORMED',
  ERR_JWT_INVALID: 'ERR_TOKEN_MALFORMED',
  ERR_JOSE_NOT_SUPPORTED: 'ERR_HEADER_INVALID',
};

/**
 * Maps an error thrown while verifying a token's signature to a {@link JwtGuardError}.
 * Our own errors pass through unchanged.
 *
 * @example
 * ```ts
 * try { await compactVerify(token, getKey, options); } catch (e) { throw translateJoseError(e); }
 * ```
 */
export function translateJoseError(error: unknown): JwtGuardError {
  if (error instanceof JwtGuardError) return error;
  // jose's parse errors keep JSON.parse's SyntaxError as their own cause, which quotes the
  // token text. A logger that serializes the cause chain would print it, which SECURITY.md
  // forbids: keep jose's error (its code and message), drop that.
  if (typeof error === 'object' && error !== null && Object.hasOwn(error, 'cause')) {
    delete (error as { cause?: unknown }).cause;
  }
  const joseCode = (error as { code?: unknown } | null)?.code;
  const code: ErrorCode =
    (typeof joseCode === 'string' && BY_JOSE_CODE[joseCode]) || 'ERR_TOKEN_MALFORMED';
  return createError(code, { cause: error });
}
