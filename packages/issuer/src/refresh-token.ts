/**
 * Refresh tokens on the wire: opaque, `jgr_` + family id + `.` + a 256-bit secret, and the
 * SHA-256 hash that is all the store ever holds of one (RFC 9700 §4.14: a store that leaks
 * must not leak usable refresh tokens).
 */
import { base64url } from 'jose';

/** The prefix secret scanners can match on. */
export const REFRESH_TOKEN_PREFIX = 'jgr_';
// 16 random bytes for the family id (22 base64url chars), 32 for the secret (43 chars).
const FORMAT = /^jgr_([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/;

const randomPart = (bytes: number) =>
  base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));

/**
 * A new family id: 128 bits from the platform's CSPRNG.
 *
 * @example
 * ```ts
 * const familyId = newFamilyId();
 * ```
 */
export function newFamilyId(): string {
  return randomPart(16);
}

/**
 * A new refresh token of family `familyId`, with a fresh 256-bit secret (RFC 6749 §10.10).
 *
 * @example
 * ```ts
 * const token = mintRefreshToken(newFamilyId());
 * ```
 */
export function mintRefreshToken(familyId: string): string {
  return `${REFRESH_TOKEN_PREFIX}${familyId}.${randomPart(32)}`;
}

/**
 * The family id of `token`, or undefined when it is not a refresh token of ours; the family
 * id lets one store read find the family.
 *
 * @example
 * ```ts
 * const familyId = familyIdOf(token); // undefined for garbage
 * ```
 */
export function familyIdOf(token: unknown): string | undefined {
  if (typeof token !== 'string') return undefined;
  return FORMAT.exec(token)?.[1];
}

/**
 * SHA-256 of `value`, base64url: what the store keeps instead of a refresh token (and of a
 * subject, in the subject index key).
 *
 * @example
 * ```ts
 * const hash = await sha256(token);
 * ```
 */
export async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return base64url.encode(new Uint8Array(digest));
}
