/**
 * The compact JWE's form (RFC 7516 §7.1) and the protected header rules we hold it to,
 * checked before any key is touched.
 */
import { type CompactJWEHeaderParameters, decodeProtectedHeader } from 'jose';
import { createError } from '../errors/jwt-guard-error.js';
import { isCanonicalSegment } from '../token/compact-token.js';
import type { Allowlists } from './decryption-key.js';

/** The protected header of a compact JWE, as read before decryption. */
export type JweHeader = Partial<CompactJWEHeaderParameters> & Record<string, unknown>;

// RFC 7515 §4.1.10 (which RFC 7516 §4.1.12 follows): `cty` is a media type compared
// case-insensitively, whose `application/` prefix may be left out. RFC 7519 §5.2 names
// `JWT` for a nested token; issuers of encrypted access tokens (oidc-provider among them)
// name the inner token's own type, `at+jwt` (RFC 9068 §2.1), a JWT just the same. Either
// way the inner token is then verified as any signed one, its `typ` included.
const NESTED_JWT = /^(?:application\/)?(?:at\+)?jwt$/i;

/**
 * True when `token` has the five parts of a compact JWE. Cheap: it counts dots and parses
 * nothing, to route a token before choosing how to check it.
 *
 * @example
 * ```ts
 * isCompactJwe('eyJhbGciOiJkaXIifQ..aXY.Y3Q.dGFn'); // true
 * isCompactJwe('eyJhbGciOiJFUzI1NiJ9.e30.c2ln'); // false: a JWS
 * ```
 */
export function isCompactJwe(token: string): boolean {
  let dots = 0;
  for (let i = token.indexOf('.'); i !== -1 && dots < 5; i = token.indexOf('.', i + 1)) dots++;
  return dots === 4;
}

/**
 * Reads the protected header of a compact JWE. Every part must be canonical base64url
 * (as for a JWS, SECURITY.md: one token, one spelling), the encrypted key may be empty
 * (`dir`, `ECDH-ES`), and the header must be a JSON object. Throws `ERR_TOKEN_MALFORMED`.
 *
 * @example
 * ```ts
 * readJweHeader(token); // { alg: 'ECDH-ES', enc: 'A256GCM', cty: 'JWT', epk: {…} }
 * ```
 */
export function readJweHeader(token: string): JweHeader {
  const parts = token.split('.');
  const canonical =
    parts.length === 5 &&
    parts.every((part, i) => (i === 1 && part === '') || isCanonicalSegment(part));
  if (!canonical) throw createError('ERR_TOKEN_MALFORMED');
  try {
    return decodeProtectedHeader(token) as JweHeader;
  } catch {
    // jose's error would carry JSON.parse's, which quotes the header: keep neither.
    throw createError('ERR_TOKEN_MALFORMED');
  }
}

/**
 * Applies the header rules. Throws `ERR_DECRYPTION_FAILED` for an `alg` or `enc` outside
 * the allowlists, a `zip` of any value (we never decompress: a small token could expand
 * without bound), a `cty` other than `JWT` or `at+jwt` (RFC 7519 §5.2: the plaintext must be
 * a JWT), or
 * a `kid` that is not a string. jose refuses `crit` itself.
 *
 * @example
 * ```ts
 * checkJweHeader({ alg: 'dir', enc: 'A256GCM', cty: 'JWT' }, resolved); // passes
 * checkJweHeader({ alg: 'dir', enc: 'A256GCM', zip: 'DEF' }, resolved); // throws
 * ```
 */
export function checkJweHeader(header: JweHeader, allowed: Allowlists): void {
  const { alg, enc, cty, kid } = header;
  const acceptable =
    typeof alg === 'string' &&
    allowed.keyManagementAlgorithms.includes(alg) &&
    typeof enc === 'string' &&
    allowed.contentEncryptionAlgorithms.includes(enc) &&
    !Object.hasOwn(header, 'zip') &&
    typeof cty === 'string' &&
    NESTED_JWT.test(cty) &&
    (kid === undefined || typeof kid === 'string');
  if (!acceptable) throw createError('ERR_DECRYPTION_FAILED');
}
