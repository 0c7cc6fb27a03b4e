/** `createTokenIssuer`: a short orchestrator over the options, keys, and token families. */
import type { JWTPayload } from 'jose';
import { type IssueInput, importEncryptTo, signAccessToken } from './access-token.js';
import { revokeAccessToken } from './access-token-revocation.js';
import { emitIssuerEvent } from './issuer-events.js';
import { createKeyRingStore, type RotationResult, type SigningKeys } from './key-ring-store.js';
import { createManagedKeys } from './managed-keys.js';
import { buildMetadata, type IssuerMetadata, type MetadataOptions } from './metadata.js';
import {
  MAX_ACCESS_TOKEN_TTL_MS,
  type ResolvedIssuerOptions,
  resolveIssuerOptions,
  type TokenIssuerOptions,
} from './options.js';
import { createFamily, revokeFamily, revokeSubject } from './refresh-families.js';
import {
  type IssuedTokens,
  type RefreshContext,
  type RefreshOptions,
  refreshFamily,
} from './refresh-rotation.js';
import { createRandomBytes } from './refresh-token.js';
import { type AccessRevocation, createAccessRevocation } from './revocation.js';
import { startRotationSchedule } from './rotation-schedule.js';

/** What `rotateKeys` may be asked. */
export interface RotateKeysOptions {
  /** Step only when the current key is older than `keys.rotateEvery`. Default `false`. */
  readonly ifDue?: boolean;
}

/** The issuer: access tokens, refresh-token families, keys and metadata. */
export interface TokenIssuer {
  /**
   * Starts a session for a subject the app has authenticated: an RFC 9068 access token and
   * a refresh token of a new family.
   */
  issue(input: IssueInput): Promise<IssuedTokens>;
  /**
   * Rotates a refresh token (RFC 9700 §4.14.2). Rejects with an `IssuerError`:
   * `ERR_REFRESH_TOKEN_INVALID`, `ERR_REFRESH_TOKEN_REUSED` (the family is then revoked),
   * `ERR_REFRESH_DPOP_MISMATCH`, `ERR_SCOPE_WIDENED`; `oauthError` is the RFC 6749 §5.2 code.
   */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<IssuedTokens>;
  /** Revokes the family of `refreshToken` and its access tokens; unknown tokens are no error. */
  revoke(refreshToken: string): Promise<void>;
  /** Revokes every family of `sub` and their access tokens. */
  revokeAll(sub: string): Promise<void>;
  /**
   * Puts one access token's `jti` on the deny list until its `exp` (logout), but only when
   * the token verifies against this issuer's own keys (`typ` `at+jwt`, our `iss`,
   * unexpired): a forged token must not revoke someone else's `jti`. Resolves whether it was
   * revoked; a nested JWE (encrypted to a resource server) cannot be read here: `false`.
   *
   * @example
   * ```ts
   * await tokens.revokeAccessToken(accessToken); // true: refused by isRevoked from now on
   * ```
   */
  revokeAccessToken(accessToken: string): Promise<boolean>;
  /** For `jwtAuth({ isRevoked })`: whether an access token was revoked by logout or reuse. */
  readonly isRevoked: (payload: JWTPayload) => Promise<boolean>;
  /** The public keys to publish: next, current and retiring. */
  jwks(): Promise<{ keys: import('jose').JWK[] }>;
  /** The RFC 8414 metadata document. */
  metadata(options?: MetadataOptions): Promise<IssuerMetadata>;
  /**
   * One step of the ring: next → current → retiring (no-op for managed keys). Each call
   * steps, so a fleet or a Cron Trigger passes `{ ifDue: true }`: it steps only when the
   * current key is older than `keys.rotateEvery`, and of instances calling at once exactly
   * one steps, however their calls interleave.
   */
  rotateKeys(options?: RotateKeysOptions): Promise<RotationResult>;
  /** Stops the rotation schedule. */
  close(): void;
  /** The validated options. */
  readonly options: ResolvedIssuerOptions;
}

function signingKeysFor(resolved: ResolvedIssuerOptions): SigningKeys {
  if (resolved.keys.kind === 'managed') return createManagedKeys(resolved.keys.keys);
  return createKeyRingStore({
    store: resolved.store,
    algorithm: resolved.keys.algorithm,
    secret: resolved.keys.secret,
    rotateEveryMs: resolved.keys.rotateEveryMs,
    refreshEveryMs: resolved.keys.refreshEveryMs,
    // A retiring key stays published until the longest token it could sign has expired.
    retireForMs: MAX_ACCESS_TOKEN_TTL_MS + resolved.clockToleranceMs,
    now: resolved.now,
  });
}

/**
 * Creates an issuer of first-party access tokens, with its keys in `options.store`.
 *
 * @example
 * ```ts
 * const tokens = createTokenIssuer({
 *   issuer: 'https://api.example.com',
 *   audience: 'https://api.example.com',
 *   keys: { encryptionSecret: process.env.KEY_SECRET! },
 * });
 * const { accessToken, refreshToken } = await tokens.issue({ sub: 'alice', scope: 'read' });
 * const next = await tokens.refresh(refreshToken);
 * ```
 */
export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const resolved = resolveIssuerOptions(options);
  const keys = signingKeysFor(resolved);
  const rotate = (onlyIfDue: boolean) => rotateAndReport(keys, resolved, onlyIfDue);
  const schedule =
    resolved.keys.kind === 'ring' && resolved.keys.schedule
      ? startRotationSchedule(
          60_000,
          () => rotate(true),
          (error) => emitIssuerEvent(resolved.onEvent, { type: 'key-rotation-failed', error }),
        )
      : undefined;
  const revocation = createAccessRevocation(resolved.store, resolved.issuer, resolved.now);
  const families = refreshContext(resolved, keys, revocation);
  const random = createRandomBytes();

  return {
    options: resolved,
    issue: (input) => createFamily(input, families, random),
    refresh: (refreshToken, refreshOptions) =>
      refreshFamily(refreshToken, refreshOptions ?? {}, families),
    revoke: (refreshToken) => revokeFamily(refreshToken, families),
    revokeAll: (sub) => revokeSubject(sub, families),
    revokeAccessToken: (accessToken) =>
      revokeAccessToken(accessToken, {
        issuer: resolved.issuer,
        jwks: () => keys.jwks(),
        now: resolved.now,
        revocation,
      }),
    isRevoked: revocation.isRevoked,
    jwks: () => keys.jwks(),
    metadata: async (metadataOptions) => buildMetadata(resolved.issuer, metadataOptions),
    rotateKeys: async (options) =>
      (await rotate(options?.ifDue === true)) ?? {
        rotated: false,
        kid: (await keys.signer()).kid,
      },
    close: () => schedule?.close(),
  };
}

/**
 * One step of the ring (or, with `onlyIfDue`, one when the current key is due), reported as
 * `key-rotated`, or `key-rotated-early` when the new current key was published for less than
 * `publishAhead` (verifiers may not have fetched it yet).
 */
async function rotateAndReport(
  keys: SigningKeys,
  resolved: ResolvedIssuerOptions,
  onlyIfDue: boolean,
): Promise<RotationResult | undefined> {
  const result = onlyIfDue ? await keys.rotateIfDue() : await keys.rotate();
  const ring = resolved.keys.kind === 'ring' ? resolved.keys : undefined;
  if (result?.rotated && ring) {
    const early = (result.publishedForMs ?? 0) < ring.publishAheadMs;
    emitIssuerEvent(
      resolved.onEvent,
      early
        ? { type: 'key-rotated-early', kid: result.kid, publishedForMs: result.publishedForMs ?? 0 }
        : { type: 'key-rotated', kid: result.kid },
    );
  }
  return result;
}

/** What the refresh families need: the store, their limits, and how to mint an access token. */
function refreshContext(
  resolved: ResolvedIssuerOptions,
  keys: SigningKeys,
  revocation: AccessRevocation,
): RefreshContext {
  const encryptTo = resolved.encryptTo ? importEncryptTo(resolved.encryptTo) : undefined;
  encryptTo?.catch(() => undefined); // Reported by issue(), never as an unhandled rejection.
  return {
    store: resolved.store,
    limits: resolved.refresh,
    now: resolved.now,
    revocation,
    onEvent: resolved.onEvent,
    mintAccess: async (input) =>
      signAccessToken(input, {
        issuer: resolved.issuer,
        audience: resolved.audience,
        ttlMs: resolved.accessTokenTtlMs,
        now: resolved.now(),
        signer: await keys.signer(),
        encryptTo: encryptTo ? await encryptTo : undefined,
      }),
  };
}
