/**
 * What tells an opaque token from a JWT, and the name an opaque token is kept under: a
 * SHA-256 of it, so no cache, store or log ever holds the token itself.
 */
import { base64url } from 'jose';

/**
 * Whether `token` has the shape of a compact JWS (three segments) or JWE (five) whose
 * header is a JSON object (base64url of `{` starts with `ey`). Such a token is verified
 * locally, or refused there when it is malformed: a broken JWT is never sent out to be
 * introspected. Anything else is opaque.
 *
 * @example
 * ```ts
 * isJoseToken('eyJhbGciOiJFUzI1NiJ9.e30.c2ln'); // true
 * isJoseToken('ory_at_9Xk2.f0'); // false
 * ```
 */
export function isJoseToken(token: string): boolean {
  if (!token.startsWith('ey')) return false;
  let dots = 0;
  for (let index = token.indexOf('.'); index !== -1; index = token.indexOf('.', index + 1)) {
    dots += 1;
  }
  return dots === 2 || dots === 4;
}

/**
 * The SHA-256 of `token`, base64url: the key an introspection answer is kept under.
 *
 * @example
 * ```ts
 * const key = await tokenHash(token); // 43 characters
 * ```
 */
export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return base64url.encode(new Uint8Array(digest));
}
