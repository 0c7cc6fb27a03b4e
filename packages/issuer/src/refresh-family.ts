/**
 * A refresh-token family (one login's line of rotated tokens, RFC 9700 §4.14.2): its stored
 * record, and the pure decisions and transitions on it. The record holds hashes only.
 */

/** An access token issued from a family: what the deny list needs when the family falls. */
export interface FamilyAccessToken {
  /** `jti`. */
  readonly jti: string;
  /** `exp`, seconds since the epoch. */
  readonly exp: number;
}

/** The stored record of one family, key `rt:family:<familyId>`. */
export interface FamilyRecord {
  /** The record's format version. */
  readonly v: 1;
  /** The subject the family was issued to. */
  readonly sub: string;
  /** `client_id` of its access tokens. */
  readonly clientId: string;
  /** The granted scope, space-separated; a refresh may only narrow it. */
  readonly scope: string;
  /** The custom claims every access token of the family carries. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** `aud` given at `issue()`, or undefined for the issuer's default. */
  readonly audience: string | readonly string[] | undefined;
  /** RFC 9449 §5: the DPoP key thumbprint every refresh must prove. */
  readonly dpopJkt: string | undefined;
  /** When the family was issued (login), ms. */
  readonly createdAt: number;
  /** When it was last rotated, ms: the idle lifetime runs from here. */
  readonly lastUsedAt: number;
  /** When it ends however it is used, ms. */
  readonly absoluteExpiresAt: number;
  /** 1 at login, one more on each rotation. */
  readonly generation: number;
  /** SHA-256 of the one live refresh token. */
  readonly current: string;
  /** The immediate predecessor, and its successor sealed under it for the reuse grace. */
  readonly previous?: {
    /** SHA-256 of the predecessor. */
    readonly hash: string;
    /** When it was rotated, ms: the grace runs from here. */
    readonly rotatedAt: number;
    /** The successor as a compact JWE under a key derived from the predecessor. */
    readonly sealedSuccessor: string;
  };
  /** Hashes of older generations (the last 32): presenting one is reuse. */
  readonly older: readonly string[];
  /** Set once the family is revoked, by reuse detection or by `revoke()`. */
  readonly revoked?: { readonly at: number; readonly reason: 'reuse' | 'revoke' };
  /** Unexpired access tokens issued from this family. */
  readonly accessTokens: readonly FamilyAccessToken[];
}

/** How many older generations are remembered for reuse detection. */
export const OLDER_KEPT = 32;

/** The lifetimes the decisions need, ms. */
export interface FamilyLimits {
  readonly idleTtlMs: number;
  readonly reuseGraceMs: number;
}

/** What presenting a token to its family means. */
export type Presented = 'rotate' | 'grace' | 'reuse' | 'invalid';

/**
 * Decides what a presented token (by `hash`) means for `record` at `now`.
 *
 * @example
 * ```ts
 * if (classify(record, hash, now, limits) === 'reuse') await revokeFamily();
 * ```
 */
export function classify(
  record: FamilyRecord,
  hash: string,
  now: number,
  limits: FamilyLimits,
): Presented {
  if (record.revoked || now >= record.absoluteExpiresAt) return 'invalid';
  if (hash === record.current) {
    return now - record.lastUsedAt > limits.idleTtlMs ? 'invalid' : 'rotate';
  }
  if (hash === record.previous?.hash) {
    return now - record.previous.rotatedAt <= limits.reuseGraceMs ? 'grace' : 'reuse';
  }
  // Garbage under a known family id revokes nothing: only a token we issued proves theft.
  return record.older.includes(hash) ? 'reuse' : 'invalid';
}

/** Whether `hash` is any token this family ever issued (that we still remember). */
export function isKnownHash(record: FamilyRecord, hash: string): boolean {
  return hash === record.current || hash === record.previous?.hash || record.older.includes(hash);
}

const unexpired = (tokens: readonly FamilyAccessToken[], now: number) =>
  tokens.filter((token) => token.exp * 1000 > now);

/** `record` with one more access token recorded (expired ones dropped). */
export function withAccessToken(
  record: FamilyRecord,
  token: FamilyAccessToken,
  now: number,
): FamilyRecord {
  return { ...record, accessTokens: [...unexpired(record.accessTokens, now), token] };
}

/**
 * `record` rotated at `now`: `nextHash` is the live token, the presented one becomes the
 * predecessor whose sealed successor serves the grace, and the older line is kept.
 */
export function rotated(
  record: FamilyRecord,
  nextHash: string,
  sealedSuccessor: string,
  token: FamilyAccessToken,
  now: number,
): FamilyRecord {
  const older = record.previous ? [record.previous.hash, ...record.older] : record.older;
  return {
    ...withAccessToken(record, token, now),
    generation: record.generation + 1,
    lastUsedAt: now,
    current: nextHash,
    previous: { hash: record.current, rotatedAt: now, sealedSuccessor },
    older: older.slice(0, OLDER_KEPT),
  };
}

/** `record` revoked at `now`; the sealed successor is dropped, it can serve no one now. */
export function revokedRecord(
  record: FamilyRecord,
  reason: 'reuse' | 'revoke',
  now: number,
): FamilyRecord {
  const { previous: _dropped, ...rest } = record;
  return {
    ...rest,
    revoked: { at: now, reason },
    accessTokens: unexpired(record.accessTokens, now),
  };
}

/** When the family ends if unused from now: idle or absolute expiry, whichever is first. */
export function familyExpiresAt(record: FamilyRecord, idleTtlMs: number): number {
  if (record.revoked) return record.absoluteExpiresAt;
  return Math.min(record.absoluteExpiresAt, record.lastUsedAt + idleTtlMs);
}

/**
 * The store TTL of `record`: until it ends (a revoked one is kept to its absolute expiry, so
 * further use is still refused), plus a minute so no clock skew frees a key early.
 */
export function recordTtlMs(record: FamilyRecord, idleTtlMs: number, now: number): number {
  return Math.max(1, familyExpiresAt(record, idleTtlMs) - now) + 60_000;
}
