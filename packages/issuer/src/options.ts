/** The options of `createTokenIssuer`, and their one-time validation. */
import {
  type AtomicSharedStore,
  assertAtomicStore,
  createMemoryStore,
  type SharedStore,
} from '@jwt-guard/core/store';
import type { JWK } from 'jose';
import { type Duration, parseDuration } from './duration.js';
import type { IssuerEventListener } from './issuer-events.js';
import { type KeysOptions, type ResolvedKeys, resolveKeysOptions } from './keys-options.js';

/** Access-token options. */
export interface AccessTokenOptions {
  /** Lifetime. Default `'5m'`; at most `'1h'` (RFC 9700 §2.2.2: short-lived). */
  readonly ttl?: Duration;
  /**
   * A resource server's public JWK (RSA, EC or OKP): tokens are then nested JWTs, signed
   * and then encrypted to it (RSA-OAEP-256 or ECDH-ES+A256KW, A256GCM; RFC 7519 §5.2
   * `cty: 'JWT'`). Default: signed only.
   */
  readonly encryptTo?: JWK;
}

/** Refresh-token lifetimes (used by the refresh part of the issuer). */
export interface RefreshTokenOptions {
  /** Ends a family unused this long. Default `'14d'`; at most `absoluteTtl`. */
  readonly idleTtl?: Duration;
  /** Ends a family this long after login, however used. Default `'90d'`. */
  readonly absoluteTtl?: Duration;
  /** How long a just-rotated predecessor still yields its successor. Default `'10s'`, max `'60s'`. */
  readonly reuseGrace?: Duration;
  /**
   * Live families (sessions) one subject may hold. A login past it revokes the oldest, so
   * a script that logs in again and again cannot grow what each login rewrites, and
   * `revokeAll` still reaches every live family. Default `100`, at most `1000`.
   */
  readonly maxSessions?: number;
}

/** Options of `createTokenIssuer`. */
export interface TokenIssuerOptions {
  /** `iss` of every token, and the base URL of the metadata (https, or http on loopback). */
  readonly issuer: string;
  /** Default `aud` (string or list); `issue({ audience })` may name another. */
  readonly audience: string | readonly string[];
  /**
   * Where the key ring (and refresh state) lives; needs the atomic `compareAndSet` and
   * `delete` (memory, Redis, Durable Object; not KV or the Cache API). Default: a memory store.
   */
  readonly store?: SharedStoreLike;
  /** A rotating ring made by jwt-guard, or a list of keys managed elsewhere. */
  readonly keys: KeysOptions;
  /** Access-token options. */
  readonly accessToken?: AccessTokenOptions;
  /** Refresh-token options. */
  readonly refreshToken?: RefreshTokenOptions;
  /** Allowed clock skew of verifiers, added to how long a retiring key stays published. Default `'60s'`. */
  readonly clockTolerance?: Duration;
  /** Receives key-ring events. */
  readonly onEvent?: IssuerEventListener;
  /** The clock, in milliseconds (a seam for tests). Default `Date.now`. */
  readonly now?: () => number;
}

/** Any `SharedStore`; checked at creation for the atomic `compareAndSet` and `delete`. */
export type SharedStoreLike = SharedStore;

/** {@link TokenIssuerOptions} validated, with every default filled in. */
export interface ResolvedIssuerOptions {
  /** `iss`, and the base of the metadata. */
  readonly issuer: string;
  /** The default `aud`. */
  readonly audience: string | readonly string[];
  /** The store, checked for the atomic operations. */
  readonly store: AtomicSharedStore;
  /** The ring's settings, or the managed keys. */
  readonly keys: ResolvedKeys;
  /** Access-token lifetime, ms. */
  readonly accessTokenTtlMs: number;
  /** The resource server's public JWK for nested JWE, if any. */
  readonly encryptTo: JWK | undefined;
  /** Refresh-token lifetimes and reuse grace, ms. */
  readonly refresh: {
    readonly idleTtlMs: number;
    readonly absoluteTtlMs: number;
    readonly reuseGraceMs: number;
    readonly maxSessions: number;
  };
  /** Verifiers' clock skew, ms. */
  readonly clockToleranceMs: number;
  /** The event listener, if any. */
  readonly onEvent: IssuerEventListener | undefined;
  /** The clock, ms. */
  readonly now: () => number;
}

/** The longest access-token lifetime the options accept. */
export const MAX_ACCESS_TOKEN_TTL_MS = 3_600_000;
const MAX_REUSE_GRACE_MS = 60_000;
const fail = (option: string, rule: string): never => {
  throw new TypeError(`jwt-guard: option "${option}" ${rule}`);
};

/**
 * Validates `options` once, at creation, and fills in the defaults; throws a `TypeError`
 * naming the option at fault. Never mutates `options`.
 *
 * @example
 * ```ts
 * const resolved = resolveIssuerOptions({ issuer, audience, keys: { encryptionSecret } });
 * ```
 */
export function resolveIssuerOptions(options: TokenIssuerOptions): ResolvedIssuerOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  const issuer = checkIssuer(options.issuer);
  const audience = checkAudience(options.audience);
  const accessTokenTtlMs = parseDuration(options.accessToken?.ttl, 'accessToken.ttl', 300_000);
  if (accessTokenTtlMs > MAX_ACCESS_TOKEN_TTL_MS) fail('accessToken.ttl', 'must be at most 1h');
  const encryptTo = checkEncryptTo(options.accessToken?.encryptTo);
  const clockToleranceMs = parseDuration(options.clockTolerance, 'clockTolerance', 60_000);
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    fail('onEvent', 'must be a function');
  }
  if (options.now !== undefined && typeof options.now !== 'function')
    fail('now', 'must be a function');
  return {
    issuer,
    audience,
    store: assertAtomicStore(options.store ?? createMemoryStore(), 'store'),
    keys: resolveKeysOptions(options.keys),
    accessTokenTtlMs,
    encryptTo,
    refresh: resolveRefresh(options.refreshToken),
    clockToleranceMs,
    onEvent: options.onEvent,
    now: options.now ?? Date.now,
  };
}

function checkIssuer(issuer: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof issuer === 'string' ? new URL(issuer) : undefined;
  } catch {
    url = undefined;
  }
  const loopback =
    url?.hostname === '127.0.0.1' || url?.hostname === 'localhost' || url?.hostname === '[::1]';
  // RFC 8414 §2: an https URL with no query or fragment (http only on loopback, for tests).
  const ok =
    url !== undefined &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === '';
  if (!ok) fail('issuer', 'must be an https URL without query, fragment or userinfo');
  return issuer as string;
}

function checkAudience(audience: unknown): string | readonly string[] {
  const isName = (value: unknown) => typeof value === 'string' && value.length > 0;
  if (isName(audience)) return audience as string;
  if (Array.isArray(audience) && audience.length > 0 && audience.every(isName)) {
    return Object.freeze([...audience]) as readonly string[];
  }
  return fail('audience', 'must be a non-empty string or a non-empty list of them');
}

function checkEncryptTo(jwk: unknown): JWK | undefined {
  if (jwk === undefined) return undefined;
  const key = jwk as JWK;
  const ok =
    typeof jwk === 'object' &&
    jwk !== null &&
    (key.kty === 'RSA' || key.kty === 'EC' || key.kty === 'OKP') &&
    key.d === undefined;
  if (!ok) fail('accessToken.encryptTo', 'must be a public RSA, EC or OKP JWK');
  return Object.freeze({ ...key });
}

function resolveRefresh(
  options: RefreshTokenOptions | undefined,
): ResolvedIssuerOptions['refresh'] {
  const idleTtlMs = parseDuration(options?.idleTtl, 'refreshToken.idleTtl', 14 * 86_400_000);
  const absoluteTtlMs = parseDuration(
    options?.absoluteTtl,
    'refreshToken.absoluteTtl',
    90 * 86_400_000,
  );
  const reuseGraceMs = parseDuration(options?.reuseGrace, 'refreshToken.reuseGrace', 10_000);
  if (idleTtlMs > absoluteTtlMs)
    fail('refreshToken.idleTtl', 'must be at most refreshToken.absoluteTtl');
  if (reuseGraceMs > MAX_REUSE_GRACE_MS) fail('refreshToken.reuseGrace', 'must be at most 60s');
  const maxSessions = options?.maxSessions ?? 100;
  if (!Number.isInteger(maxSessions) || maxSessions < 1 || maxSessions > 1000)
    fail('refreshToken.maxSessions', 'must be an integer from 1 to 1000');
  return { idleTtlMs, absoluteTtlMs, reuseGraceMs, maxSessions };
}
