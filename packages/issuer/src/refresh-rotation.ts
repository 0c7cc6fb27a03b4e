/**
 * The refresh protocol on the store (RFC 6749 §6, RFC 9700 §4.14.2): one read of the
 * family, one compare-and-set of its next state. A lost compare-and-set means another
 * refresh changed the family first: read again and decide again (the loser now holds the
 * predecessor, so within the grace it gets the winner's successor: never a fork).
 */
import type { AtomicSharedStore } from '@jwt-guard/core/store';
import type { IssuedAccessToken, IssueInput } from './access-token.js';
import { IssuerError } from './issuer-error.js';
import { emitIssuerEvent, type IssuerEventListener } from './issuer-events.js';
import {
  classify,
  type FamilyRecord,
  familyExpiresAt,
  isKnownHash,
  recordTtlMs,
  revokedRecord,
  rotated,
  withAccessToken,
} from './refresh-family.js';
import { familyIdOf, mintRefreshToken, sha256 } from './refresh-token.js';
import type { AccessRevocation } from './revocation.js';
import { openSuccessor, sealSuccessor } from './successor-seal.js';

/** What `issue()` and `refresh()` answer (RFC 6749 §5.1 names in camelCase). */
export interface IssuedTokens extends IssuedAccessToken {
  /** The opaque refresh token: keep it secret; it is never stored raw. */
  readonly refreshToken: string;
  /** Seconds until the refresh token ends if unused (idle or absolute, whichever first). */
  readonly refreshExpiresIn: number;
}

/** What a refresh may ask for. */
export interface RefreshOptions {
  /**
   * The thumbprint of the DPoP proof's key (RFC 9449 §5): required for a bound family, and
   * refused (`ERR_REFRESH_DPOP_MISMATCH`) for a family issued without one.
   */
  readonly dpopJkt?: string;
  /** A narrower scope for this access token (RFC 6749 §6); never wider than granted. */
  readonly scope?: string | readonly string[];
}

/** What the protocol needs from the issuer. */
export interface RefreshContext {
  readonly store: AtomicSharedStore;
  readonly limits: {
    readonly idleTtlMs: number;
    readonly absoluteTtlMs: number;
    readonly reuseGraceMs: number;
    /** Live families one subject may hold; past it, login revokes the oldest. */
    readonly maxSessions?: number;
  };
  readonly now: () => number;
  readonly mintAccess: (input: IssueInput) => Promise<IssuedAccessToken>;
  readonly revocation: AccessRevocation;
  readonly onEvent: IssuerEventListener | undefined;
}

/** The store key of a family's record. */
export const familyKey = (familyId: string) => `rt:family:${familyId}`;
// The normal path takes one attempt; each further one follows a lost compare-and-set.
const MAX_ATTEMPTS = 4;

type Decision =
  | { readonly next: FamilyRecord; readonly result: IssuedTokens }
  | { readonly next: FamilyRecord; readonly reuse: FamilyRecord };

const refused = (code: 'ERR_REFRESH_TOKEN_INVALID' | 'ERR_REFRESH_DPOP_MISMATCH') =>
  new IssuerError(code, code === 'ERR_REFRESH_TOKEN_INVALID' ? 'refreshToken' : 'dpopJkt');

/** Parses a stored record; anything unreadable counts as no family. */
export function parseFamily(raw: string | undefined): FamilyRecord | undefined {
  if (raw === undefined) return undefined;
  try {
    const record = JSON.parse(raw) as FamilyRecord;
    return record?.v === 1 ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The scope of the new access token: the granted one, or a subset of it (RFC 6749 §6). */
function narrowScope(granted: string, requested: RefreshOptions['scope']): string {
  const list = typeof requested === 'string' ? requested.split(' ').filter(Boolean) : requested;
  if (list === undefined || list.length === 0) return granted;
  if (!Array.isArray(list)) throw new IssuerError('ERR_ISSUE_INPUT_INVALID', 'scope');
  const allowed = new Set(granted.split(' '));
  if (!list.every((scope) => allowed.has(scope))) {
    throw new IssuerError('ERR_SCOPE_WIDENED', 'scope');
  }
  return [...new Set(list)].join(' ');
}

async function decide(
  token: string,
  familyId: string,
  record: FamilyRecord | undefined,
  options: RefreshOptions,
  context: RefreshContext,
): Promise<Decision> {
  if (record === undefined) throw refused('ERR_REFRESH_TOKEN_INVALID');
  const now = context.now();
  const hash = await sha256(token);
  const presented = classify(record, hash, now, context.limits);
  if (presented === 'invalid') {
    // A family revoked for reuse whose deny-list writes failed is denied again by the next
    // token of it presented: the revocation completes without waiting for an operator.
    if (record.revoked?.reason === 'reuse' && isKnownHash(record, hash)) {
      await context.revocation.revoke(record.accessTokens);
    }
    throw refused('ERR_REFRESH_TOKEN_INVALID');
  }
  if (presented === 'reuse') return { next: revokedRecord(record, 'reuse', now), reuse: record };
  // RFC 9449 §5: a bound family refreshes only with a proof by the same key. A proof for an
  // unbound family is refused too, before any rotation: binding it now would let whoever
  // holds a stolen unbound token lock the family to their own key, and ignoring the proof
  // would hand a client that asked for DPoP a Bearer token it may not notice.
  if (options.dpopJkt !== record.dpopJkt) {
    throw refused('ERR_REFRESH_DPOP_MISMATCH');
  }
  const access = await context.mintAccess({
    sub: record.sub,
    scope: narrowScope(record.scope, options.scope),
    claims: record.claims,
    ...(record.audience === undefined ? {} : { audience: record.audience }),
    clientId: record.clientId,
    ...(record.dpopJkt === undefined ? {} : { dpopJkt: record.dpopJkt }),
  });
  const issued = { jti: access.jti, exp: access.exp };
  let refreshToken: string | undefined;
  let next: FamilyRecord;
  if (presented === 'rotate') {
    refreshToken = mintRefreshToken(familyId);
    const sealed = await sealSuccessor(refreshToken, token);
    next = rotated(record, await sha256(refreshToken), sealed, issued, now);
  } else {
    // Within the grace: the successor already minted, opened with the predecessor itself.
    refreshToken = await openSuccessor(record.previous?.sealedSuccessor ?? '', token);
    if (refreshToken === undefined) throw refused('ERR_REFRESH_TOKEN_INVALID');
    next = withAccessToken(record, issued, now);
  }
  const refreshExpiresIn = Math.floor(
    (familyExpiresAt(next, context.limits.idleTtlMs) - now) / 1000,
  );
  return { next, result: { ...access, refreshToken, refreshExpiresIn } };
}

/**
 * Rotates `token`: a new refresh token and access token, or the same successor again
 * within the reuse grace. Reuse outside the grace revokes the family and its access tokens,
 * emits `refresh-reuse-detected`, and rejects with `ERR_REFRESH_TOKEN_REUSED`.
 *
 * @example
 * ```ts
 * const next = await refreshFamily(token, { dpopJkt }, context);
 * ```
 */
export async function refreshFamily(
  token: string,
  options: RefreshOptions,
  context: RefreshContext,
): Promise<IssuedTokens> {
  const familyId = familyIdOf(token);
  if (familyId === undefined) throw refused('ERR_REFRESH_TOKEN_INVALID');
  const key = familyKey(familyId);
  let raw = await context.store.get(key);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const decision = await decide(token, familyId, parseFamily(raw), options ?? {}, context);
    const ttlMs = recordTtlMs(decision.next, context.limits.idleTtlMs, context.now());
    const next = JSON.stringify(decision.next);
    if (await context.store.compareAndSet(key, raw, next, ttlMs)) {
      if ('result' in decision) return decision.result;
      // Reported first, so that a store failing the deny-list writes cannot hide the theft.
      emitIssuerEvent(context.onEvent, {
        type: 'refresh-reuse-detected',
        familyId,
        generation: decision.reuse.generation,
      });
      await context.revocation.revoke(decision.next.accessTokens);
      throw new IssuerError('ERR_REFRESH_TOKEN_REUSED', 'refreshToken');
    }
    raw = await context.store.get(key);
  }
  throw new IssuerError('ERR_REFRESH_CONFLICT', 'refreshToken');
}
