/**
 * A revocation deny list kept in a shared store (Redis, or memory for one process): a
 * `jti` revoked on one instance is refused by every instance at its next request, cache
 * hits included, since `isRevoked` runs on every request.
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
  /** Key prefix inside the store. Default `revoked:`. */
  readonly prefix?: string;
}

/** A deny list: revoke a `jti`, and the `isRevoked` hook that reads it. */
export interface DenyList {
  /** Refuses the token `jti` until `until` (seconds since the epoch, usually its `exp`). */
  revoke(jti: string, until: number): Promise<void>;
  /** For `jwtAuth({ isRevoked })`: whether the token's `jti` is revoked. */
  readonly isRevoked: (payload: JWTPayload) => Promise<boolean>;
}

// A jti is an identifier, not a payload: longer ones are not looked up (and cannot be revoked).
const MAX_JTI_LENGTH = 256;

/**
 * Creates a deny list on `store`. Tokens without a `jti` cannot be revoked by it: require
 * `jti` (`profile: 'rfc9068'` does) when you rely on it.
 *
 * @example
 * ```ts
 * const denyList = createDenyList({ store: createRedisStore({ url }) });
 * app.use(jwtAuth({ issuer, audience, isRevoked: denyList.isRevoked }));
 * await denyList.revoke(payload.jti, payload.exp);
 * ```
 */
export function createDenyList(options: DenyListOptions): DenyList {
  const { store } = options;
  if (typeof store?.get !== 'function' || typeof store.set !== 'function') {
    throw new TypeError('jwt-guard: createDenyList() option "store" must be a SharedStore');
  }
  const prefix = options.prefix ?? 'revoked:';
  const failOpen = options.failOpen === true;
  const usable = (jti: unknown): jti is string =>
    typeof jti === 'string' && jti !== '' && jti.length <= MAX_JTI_LENGTH;
  return {
    async revoke(jti, until) {
      if (!usable(jti))
        throw new TypeError('jwt-guard: revoke() needs a jti (1 to 256 characters)');
      if (!Number.isFinite(until))
        throw new TypeError('jwt-guard: revoke() needs `until` in seconds');
      const ttlMs = Math.ceil(until * 1000 - Date.now());
      if (ttlMs > 0) await store.set(prefix + jti, '1', ttlMs);
    },
    async isRevoked(payload) {
      const jti = Object.hasOwn(payload, 'jti') ? payload.jti : undefined;
      if (!usable(jti)) return false;
      try {
        return (await store.get(prefix + jti)) !== undefined;
      } catch (error) {
        if (failOpen) return false;
        throw error;
      }
    },
  };
}
