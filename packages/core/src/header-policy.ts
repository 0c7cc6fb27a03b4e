/**
 * Checks on a token's protected header that jose leaves to the application: `kid` must be
 * a string, `typ` must name an access token (RFC 8725 §3.11), and no `crit` extension or
 * unencoded payload is accepted (RFC 7515 §4.1.11, RFC 7797). `jku`, `x5u`, `jwk` and
 * `x5c` are never read anywhere, so they need no check.
 */
import type { JWSHeaderParameters } from 'jose';
import { createError } from './errors/jwt-guard-error.js';

const ANY_ACCESS_TOKEN_TYPE = new Set(['jwt', 'at+jwt']);
const AT_JWT_ONLY = new Set(['at+jwt']);

/**
 * Throws the matching `invalid_token` error when the header breaks the policy.
 *
 * @example
 * ```ts
 * checkProtectedHeader({ alg: 'RS256', typ: 'dpop+jwt' }, false, 'api'); // throws ERR_TYPE_NOT_ALLOWED
 * ```
 */
export function checkProtectedHeader(
  header: JWSHeaderParameters,
  requireAtJwt: boolean,
  realm: string,
): void {
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw createError('ERR_HEADER_INVALID', { realm });
  }
  // We implement no extension, so any `crit` names one we cannot honour.
  if (header.crit !== undefined || (header.b64 !== undefined && header.b64 !== true)) {
    throw createError('ERR_HEADER_INVALID', { realm });
  }
  const typ = header.typ;
  if (typ === undefined) {
    if (requireAtJwt) throw createError('ERR_TYPE_NOT_ALLOWED', { realm });
    return;
  }
  if (typeof typ !== 'string') throw createError('ERR_TYPE_NOT_ALLOWED', { realm });
  // RFC 7515 §4.1.9: "application/" may be omitted; media types compare case-insensitively.
  const normalized = typ.toLowerCase().replace(/^application\//, '');
  if (!(requireAtJwt ? AT_JWT_ONLY : ANY_ACCESS_TOKEN_TYPE).has(normalized)) {
    throw createError('ERR_TYPE_NOT_ALLOWED', { realm });
  }
}
