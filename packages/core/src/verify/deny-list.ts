/**
 * A revocation deny list kept in a shared store (Redis, or memory for one process): a
 * token revoked on one instance is refused by every instance at its next request, cache
 * hits included, since `isRevoked` runs on every request. Entries are keyed on the issuer
 * and the `jti` together: a `jti` is unique only within its issuer (RFC 7519 §4.1.7), so
 * issuer B revoking its token must never refuse issuer A's token with the same `jti`.
 */
import type { JWTPayload } from 'jose';
import type { SharedStore } from '../store/index.js';

/** Options of {@link createDenyList}. */
export interface DenyListOptions {
  /** Where revocations are kept: `createRedisStore(…)` from `@jwt-guard/redis` for a fleet. */
  readonly store: SharedStore;
  /**
   * When the store cannot be read: `false` (default) refuses the request with 503, since a
   * revoked token must not pass because the list could not be read; `true` lets it through.
   */
  readonly failOpen?: boolean;
  /**
   * Key prefix inside the store. Default `revoked:`. An entry's key is the prefix, the
   * issuer URI-encoded (`encodeURIComponent`, so it holds no `:`), `:`, then the `jti`:
   * `revoked:https%3A%2F%2Fid.example.com%2F:4f1c…`, kept until the token's expiry.
   */
  readonly prefix?: string;
}

/** A deny list: revoke a token by its issuer and `jti`, and the `isRevoked` hook that reads it. */
export interface DenyList {
  /**
   * Refuses the token of issuer `iss` whose `jti` is `jti` until `until` (seconds since the
   * epoch, usually its `exp`). Pass the verified token's own claims:
   * `revoke(payload.jti, payload.exp, payload.iss)`. Tokens of other issuers with the same
   * `jti` are not affected. Rejects with a `TypeError` for an empty or over-long `jti`, a
   * missing `iss`, or an `until` that is not a number.
   */
  revoke(jti: string, until: number, iss: string): Promise<void>;
  /** For `jwtAuth({ isRevoked })`: whether the token's issuer and `jti` are revoked. */
  readonly isRevoked: (payload: JWTPayload) => Promise<boolean>;
}

// A jti is an identifier, not a payload: longer ones are not looked up (and cannot be revoked).
const MAX_JTI_LENGTH = 256;
// In a `u` regular expression a surrogate pair is one code point, so this finds lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Creates a deny list on `store`. Tokens without a `jti` (or an `iss`) cannot be revoked by
 * it: require `jti` (`profile: 'rfc9068'` does) when you rely on it.
 *
 * @example
 * ```ts
 * const denyList = createDenyList({ store: createRedisStore({ url }) });
 * app.use(jwtAuth({ issuer, audience, isRevoked: denyList.isRevoked }));
 * // Later, with the claims of a verified token (e.g. `req.auth.payload`):
 * await denyList.revoke(payload.jti, payload.exp, payload.iss);
 * ```
 */
export function createDenyList(options: DenyListOptions): DenyList {
  const { store } = options;
  if (typeof store?.get !== 'function' || typeof store.set !== 'function') {
    throw new TypeError('jwt-guard: createDenyList() option "store" must be a SharedStore');
  }
  const prefix = options.prefix ?? 'revoked:';
  const failOpen = options.failOpen === true;
  return {
    async revoke(jti, until, iss) {
      const key = entryKey(prefix, iss, jti);
      if (key === undefined) {
        throw new TypeError('jwt-guard: revoke() needs a jti (1 to 256 characters) and an iss');
      }
      if (!Number.isFinite(until))
        throw new TypeError('jwt-guard: revoke() needs `until` in seconds');
      const ttlMs = Math.ceil(until * 1000 - Date.now());
      if (ttlMs > 0) await store.set(key, '1', ttlMs);
    },
    async isRevoked(payload) {
      const own = (name: 'iss' | 'jti') =>
        Object.hasOwn(payload, name) ? payload[name] : undefined;
      const key = entryKey(prefix, own('iss'), own('jti'));
      if (key === undefined) return false;
      try {
        return (await store.get(key)) !== undefined;
      } catch (error) {
        if (failOpen) return false;
        throw error;
      }
    },
  };
}

/**
 * The store key of a revocation, or undefined when the token cannot be revoked (no usable
 * `jti` or `iss`). The issuer is URI-encoded, which leaves no `:` in it, so the first `:`
 * after the prefix ends it and no two (issuer, jti) pairs share a key.
 */
function entryKey(prefix: string, iss: unknown, jti: unknown): string | undefined {
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) return undefined;
  // encodeURIComponent throws on a lone UTF-16 surrogate; no issuer has one.
  if (typeof iss !== 'string' || iss === '' || LONE_SURROGATE.test(iss)) return undefined;
  return `${prefix}${encodeURIComponent(iss)}:${jti}`;
}
