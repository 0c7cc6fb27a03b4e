/**
 * Family life cycle on the store besides rotation: creation at `issue()` (with the subject
 * index that `revokeAll` reads), revocation of one family by a token of it, and of every
 * family of a subject (logout everywhere, password change).
 */
import type { IssueInput } from './access-token.js';
import { IssuerError } from './issuer-error.js';
import {
  type FamilyRecord,
  familyExpiresAt,
  isKnownHash,
  recordTtlMs,
  revokedRecord,
} from './refresh-family.js';
import {
  familyKey,
  type IssuedTokens,
  parseFamily,
  type RefreshContext,
} from './refresh-rotation.js';
import { familyIdOf, newRefreshToken, type RandomBytes, sha256 } from './refresh-token.js';

const MAX_ATTEMPTS = 8;
const DEFAULT_MAX_SESSIONS = 100;
// A subject index entry: a family id and when that family ends at the latest.
type IndexEntry = readonly [familyId: string, absoluteExpiresAt: number];

const subjectKey = async (sub: string) => `rt:subject:${await sha256(sub)}`;

/**
 * Starts a family for an authenticated subject: the access token, and a refresh token
 * whose hash alone is stored (created by compare-and-set from absent). `random` is the
 * issuer's CSPRNG block (see `createRandomBytes`).
 *
 * @example
 * ```ts
 * const pair = await createFamily({ sub: 'alice', scope: 'read' }, context);
 * ```
 */
export async function createFamily(
  input: IssueInput,
  context: RefreshContext,
  random?: RandomBytes,
): Promise<IssuedTokens> {
  // Signing first validates the input, so nothing is stored for a refused one.
  const access = await context.mintAccess(input);
  const { familyId, token: refreshToken } = newRefreshToken(random);
  const now = context.now();
  const record: FamilyRecord = {
    v: 1,
    sub: input.sub,
    clientId: input.clientId ?? 'first-party',
    scope: access.scope,
    claims: input.claims ?? {},
    audience: input.audience,
    dpopJkt: input.dpopJkt,
    createdAt: now,
    lastUsedAt: now,
    absoluteExpiresAt: now + context.limits.absoluteTtlMs,
    generation: 1,
    current: await sha256(refreshToken),
    older: [],
    accessTokens: [{ jti: access.jti, exp: access.exp }],
  };
  const ttlMs = recordTtlMs(record, context.limits.idleTtlMs, now);
  // The record and the subject index are written side by side: an index entry whose
  // record never landed is skipped by revokeAll. 128 random bits never collide in
  // practice, so a lost compare-and-set from absent means a store that refuses writes.
  const [created] = await Promise.all([
    context.store.compareAndSet(familyKey(familyId), undefined, JSON.stringify(record), ttlMs),
    indexFamily(input.sub, familyId, record.absoluteExpiresAt, context),
  ]);
  if (!created) throw new IssuerError('ERR_REFRESH_CONFLICT', 'refreshToken');
  const refreshExpiresIn = Math.floor(
    (familyExpiresAt(record, context.limits.idleTtlMs) - now) / 1000,
  );
  return { ...access, refreshToken, refreshExpiresIn };
}

/** Appends a family to its subject's index, dropping families past their absolute expiry. */
async function indexFamily(sub: string, familyId: string, until: number, context: RefreshContext) {
  const key = await subjectKey(sub);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const raw = await context.store.get(key);
    const now = context.now();
    const live = [...readIndex(raw).filter(([, end]) => end > now), [familyId, until] as const];
    // Past the cap the oldest sessions end: what each login rewrites stays bounded.
    const excess = Math.max(0, live.length - (context.limits.maxSessions ?? DEFAULT_MAX_SESSIONS));
    const entries = live.slice(excess);
    const ttlMs = Math.max(...entries.map(([, end]) => end)) - now + 60_000;
    if (await context.store.compareAndSet(key, raw, JSON.stringify(entries), ttlMs)) {
      // Below the cap (every login but the one past it) there is nothing to revoke or wait on.
      if (excess === 0) return;
      await Promise.all(
        live
          .slice(0, excess)
          .map(([id]) => revokeById(id, (record) => record.sub === sub, context)),
      );
      return;
    }
  }
  throw new IssuerError('ERR_REFRESH_CONFLICT', 'sub');
}

function readIndex(raw: string | undefined): IndexEntry[] {
  try {
    const parsed: unknown = raw === undefined ? [] : JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is IndexEntry =>
        Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number',
    );
  } catch {
    return [];
  }
}

/**
 * Revokes family `familyId` (when `accepts` its record) and denies its access tokens until
 * they expire. Revoking a revoked family denies its access tokens again (idempotent), so
 * a retry after a store failure completes the revocation.
 */
async function revokeById(
  familyId: string,
  accepts: (record: FamilyRecord) => boolean,
  context: RefreshContext,
): Promise<void> {
  const key = familyKey(familyId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const raw = await context.store.get(key);
    const record = parseFamily(raw);
    if (record === undefined || !accepts(record)) return;
    const next = record.revoked ? record : revokedRecord(record, 'revoke', context.now());
    const ttlMs = recordTtlMs(next, context.limits.idleTtlMs, context.now());
    if (
      record.revoked ||
      (await context.store.compareAndSet(key, raw, JSON.stringify(next), ttlMs))
    ) {
      await context.revocation.revoke(next.accessTokens);
      return;
    }
  }
  throw new IssuerError('ERR_REFRESH_CONFLICT', 'refreshToken');
}

/**
 * RFC 7009: revokes the family of `token` and its access tokens. A token that is not ours
 * (or a family already gone) is no error; a family id with a wrong secret revokes nothing.
 *
 * @example
 * ```ts
 * await revokeFamily(token, context);
 * ```
 */
export async function revokeFamily(token: string, context: RefreshContext): Promise<void> {
  const familyId = familyIdOf(token);
  if (familyId === undefined) return;
  const hash = await sha256(token);
  await revokeById(familyId, (record) => isKnownHash(record, hash), context);
}

/**
 * Revokes every family of subject `sub`, and their access tokens.
 *
 * @example
 * ```ts
 * await revokeSubject('alice', context); // logout everywhere
 * ```
 */
export async function revokeSubject(sub: string, context: RefreshContext): Promise<void> {
  if (typeof sub !== 'string' || sub === '')
    throw new IssuerError('ERR_ISSUE_INPUT_INVALID', 'sub');
  const entries = readIndex(await context.store.get(await subjectKey(sub)));
  await Promise.all(
    entries.map(([familyId]) => revokeById(familyId, (record) => record.sub === sub, context)),
  );
}
