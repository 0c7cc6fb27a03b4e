/** Turns a verified payload's bytes into a claims set (RFC 7519 §7.2 steps 9–10). */
import type { JWTPayload } from 'jose';
import { createError } from '../errors/jwt-guard-error.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the payload as UTF-8 JSON, which must be an object (not an array, `null` or a
 * scalar). Throws `ERR_TOKEN_MALFORMED` otherwise, without a cause: JSON.parse quotes the
 * text it choked on, and that text is the claims.
 *
 * @example
 * ```ts
 * decodeClaims(new TextEncoder().encode('{"sub":"a"}')); // { sub: 'a' }
 * ```
 */
export function decodeClaims(bytes: Uint8Array): JWTPayload {
  let claims: unknown;
  try {
    claims = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    throw createError('ERR_TOKEN_MALFORMED');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw createError('ERR_TOKEN_MALFORMED');
  }
  return claims as JWTPayload;
}
