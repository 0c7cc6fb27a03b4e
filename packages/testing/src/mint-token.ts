/** What the test issuer puts in a token, and how it signs it. */
import type { JWTPayload } from 'jose';
import type { TestAlgorithm, TestKey } from './keys.js';
import { signRaw } from './sign-raw.js';

/** What to put in a token. */
export interface MintOptions {
  /**
   * Claims to add or override (`iss`, `aud`, `sub`, `iat`, `exp` and a random `jti` are
   * filled in otherwise).
   */
  readonly claims?: JWTPayload & Record<string, unknown>;
  /** Claims to leave out, e.g. `['exp']`, or `['jti']` for a token without an identifier. */
  readonly omit?: readonly string[];
  /** Signing algorithm; the issuer's first key of it signs. Default: the first algorithm. */
  readonly alg?: TestAlgorithm;
  /** Header fields to add or override (`kid: undefined` leaves the kid out). */
  readonly header?: Record<string, unknown>;
  /** Lifetime in seconds from now. Default 300; negative for an expired token. */
  readonly expiresIn?: number;
  /** `nbf` as seconds from now. */
  readonly notBefore?: number;
  /** Sign with this key instead of a published one (any size: weak keys too). */
  readonly key?: TestKey;
}

/** Who mints: the `iss` and default `aud` of its tokens. */
export interface Minter {
  readonly issuer: string;
  readonly audience: string;
}

/**
 * Signs a token for `minter` with `key`. Every token carries a fresh random `jti`, so two
 * tokens minted in the same second differ, unless `claims.jti` or `omit` says otherwise.
 *
 * @example
 * ```ts
 * const token = await mintToken({ issuer, audience }, key, { claims: { scope: 'read' } });
 * ```
 */
export function mintToken(minter: Minter, key: TestKey, mint: MintOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: minter.issuer,
    aud: minter.audience,
    sub: 'user-123',
    iat: now,
    exp: now + (mint.expiresIn ?? 300),
    jti: crypto.randomUUID(),
    ...(mint.notBefore === undefined ? {} : { nbf: now + mint.notBefore }),
    ...mint.claims,
  };
  for (const name of mint.omit ?? []) delete claims[name];
  const header = { alg: key.alg, kid: key.kid, typ: 'JWT', ...mint.header };
  return signRaw(key, header, claims);
}
