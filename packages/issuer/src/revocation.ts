/**
 * Access tokens revoked by logout or reuse detection: core's deny list on the issuer's own
 * store, keyed on iss + jti, each entry kept until the token expires.
 */
import { createDenyList } from '@jwt-guard/core';
import type { SharedStore } from '@jwt-guard/core/store';
import type { JWTPayload } from 'jose';
import type { FamilyAccessToken } from './refresh-family.js';

/** The issuer's deny list of access tokens. */
export interface AccessRevocation {
  /** Refuses each of `tokens` until its `exp`. */
  revoke(tokens: readonly FamilyAccessToken[]): Promise<void>;
  /** For `jwtAuth({ isRevoked })`. */
  readonly isRevoked: (payload: JWTPayload) => Promise<boolean>;
}

/**
 * Creates the deny list of issuer `issuer` on `store`. `exp` is on the issuer's clock
 * (`now`); the deny list and the store expire entries on the wall clock, so each `until`
 * is moved by their difference, and a test clock cannot make an entry expire at once.
 *
 * @example
 * ```ts
 * const revocation = createAccessRevocation(store, issuer, Date.now);
 * await revocation.revoke([{ jti, exp }]);
 * ```
 */
export function createAccessRevocation(
  store: SharedStore,
  issuer: string,
  now: () => number,
): AccessRevocation {
  const denyList = createDenyList({ store });
  return {
    async revoke(tokens) {
      const shiftSeconds = (Date.now() - now()) / 1000;
      await Promise.all(
        tokens.map((token) => denyList.revoke(token.jti, token.exp + shiftSeconds, issuer)),
      );
    },
    isRevoked: denyList.isRevoked,
  };
}
