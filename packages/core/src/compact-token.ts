/**
 * The one spelling of a token we accept (RFC 7515 §7.1, §2): exactly three base64url
 * segments without padding, each in canonical form. A lenient decoder would read several
 * strings as the same token (padding, `+`/`/`, non-zero trailing bits), which breaks caches
 * and deny lists keyed by the token string (SECURITY.md).
 */

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// RFC 4648 §3.5: in a final group of 2 (or 3) characters, the last one carries 4 (or 2)
// bits that encode nothing and must be zero.
function hasCanonicalEnd(token: string, start: number, end: number): boolean {
  const remainder = (end - start) % 4;
  if (remainder === 0) return true;
  if (remainder === 1) return false;
  const value = ALPHABET.indexOf(token[end - 1] as string);
  return remainder === 2 ? (value & 0b1111) === 0 : (value & 0b11) === 0;
}

/**
 * True when `token` is a compact JWS in canonical base64url.
 *
 * @example
 * ```ts
 * isCanonicalCompactJws('eyJhbGciOiJSUzI1NiJ9.e30.c2ln'); // true
 * isCanonicalCompactJws('eyJhbGciOiJSUzI1NiJ9.e30.c2lu'); // false: non-zero trailing bits
 * ```
 */
export function isCanonicalCompactJws(token: string): boolean {
  if (!COMPACT_JWS.test(token)) return false;
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  return (
    hasCanonicalEnd(token, 0, first) &&
    hasCanonicalEnd(token, first + 1, second) &&
    hasCanonicalEnd(token, second + 1, token.length)
  );
}
