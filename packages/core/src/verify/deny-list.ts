/**
 * A revocation deny list kept in a shared store (Redis, or memory for one process): a
 * token revoked on one instance is refused by every instance at its next request, cache
 * hits included, since `isRevoked` runs on every request. Entries are keyed on the issuer
 * and the `jti` together: a `jti` is unique only within its issuer (RFC 7519 §4.1.7), so
 * issuer B revoking its token must never refuse issuer A's token with the same `jti`.
 * Given a `feed` instead of a `store`, each instance reads a local mirror kept current by
 * pushes (`mirrored-deny-list.ts`): no store round trip per request.
 */
import type { JWTPayload } from 'jose';
import type { SharedStore } from '../store/index.js';
import { createMirroredDenyList, type MirrorOptions } from './mirrored-deny-list.js';
import { checkedRevocation, payloadRevocationKey } from './revocation-key.js';

/** Options of {@link createDenyList}. */
export interface DenyListOptions extends MirrorOptions {
  /**
   * Where revocations are kept: `createRedisStore(…)` from `@jwt-guard/redis` for a fleet.
   * Every check is a store read. One of `store` and `feed`.
   */
  readonly store?: SharedStore;
  /**
   * When the store cannot be read (or the mirror of a `feed` cannot vouch for being
   * current): `false` (default) refuses the request with 503, since a
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
  /** Stops following a `feed` (its connections are the feed's to close); nothing for a `store`. */
  close(): void;
}

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
  const { feed } = options;
  if (feed !== undefined) {
    if (store !== undefined) {
      throw new TypeError('jwt-guard: createDenyList() takes one of "store" and "feed"');
    }
    return createMirroredDenyList({ ...options, feed });
  }
  if (typeof store?.get !== 'function' || typeof store.set !== 'function') {
    throw new TypeError('jwt-guard: createDenyList() option "store" must be a SharedStore');
  }
  const prefix = options.prefix ?? 'revoked:';
  const failOpen = options.failOpen === true;
  return {
    async revoke(jti, until, iss) {
      const { key, untilMs } = checkedRevocation(prefix, jti, until, iss);
      const ttlMs = Math.ceil(untilMs - Date.now());
      if (ttlMs > 0) await store.set(key, '1', ttlMs);
    },
    async isRevoked(payload) {
      const key = payloadRevocationKey(prefix, payload);
      if (key === undefined) return false;
      try {
        return (await store.get(key)) !== undefined;
      } catch (error) {
        if (failOpen) return false;
        throw error;
      }
    },
    close() {},
  };
}
