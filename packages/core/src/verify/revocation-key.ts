/** Where a revocation is kept: one key per issuer and `jti`, shared by every deny list. */
import type { JWTPayload } from 'jose';

// A jti is an identifier, not a payload: longer ones are not looked up (and cannot be revoked).
const MAX_JTI_LENGTH = 256;
// In a `u` regular expression a surrogate pair is one code point, so this finds lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The store key of a revocation, or undefined when the token cannot be revoked (no usable
 * `jti` or `iss`). The issuer is URI-encoded, which leaves no `:` in it, so the first `:`
 * after the prefix ends it and no two (issuer, jti) pairs share a key.
 *
 * @example
 * ```ts
 * revocationKey('revoked:', 'https://id.example/', 'a1'); // 'revoked:https%3A%2F%2Fid.example%2F:a1'
 * ```
 */
export function revocationKey(prefix: string, iss: unknown, jti: unknown): string | undefined {
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) return undefined;
  // encodeURIComponent throws on a lone UTF-16 surrogate; no issuer has one.
  if (typeof iss !== 'string' || iss === '' || LONE_SURROGATE.test(iss)) return undefined;
  return `${prefix}${encodeURIComponent(iss)}:${jti}`;
}

/**
 * The key of a token's revocation from its claims, read as own properties only, or
 * undefined when it has no usable `iss` and `jti`.
 *
 * @example
 * ```ts
 * const key = payloadRevocationKey('revoked:', payload);
 * ```
 */
export function payloadRevocationKey(prefix: string, payload: JWTPayload): string | undefined {
  const own = (name: 'iss' | 'jti') => (Object.hasOwn(payload, name) ? payload[name] : undefined);
  return revocationKey(prefix, own('iss'), own('jti'));
}

/**
 * The key and expiry (milliseconds since the epoch) of `revoke(jti, until, iss)`, or a
 * `TypeError` for arguments no deny list can keep.
 *
 * @example
 * ```ts
 * const { key, untilMs } = checkedRevocation('revoked:', payload.jti, payload.exp, payload.iss);
 * ```
 */
export function checkedRevocation(
  prefix: string,
  jti: string,
  until: number,
  iss: string,
): { readonly key: string; readonly untilMs: number } {
  const key = revocationKey(prefix, iss, jti);
  if (key === undefined) {
    throw new TypeError('jwt-guard: revoke() needs a jti (1 to 256 characters) and an iss');
  }
  if (!Number.isFinite(until)) throw new TypeError('jwt-guard: revoke() needs `until` in seconds');
  return { key, untilMs: until * 1000 };
}
