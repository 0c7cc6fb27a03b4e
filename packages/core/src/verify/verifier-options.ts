/**
 * The options of `createVerifier`, and their one-time validation: every mistake fails at
 * start-up with a `TypeError` naming the option, never per request.
 */

import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import {
  DEFAULT_ALGORITHMS,
  HMAC_ALGORITHMS,
  isAsymmetricAlgorithm,
  isHmacAlgorithm,
} from '../algorithms.js';
import type { RolesClaim, ScopesClaim } from '../auth-info.js';
import {
  type ClaimCheck,
  type ClaimChecks,
  compileClaimChecks,
  RFC9068_REQUIRED_CLAIMS,
} from '../claims/claim-checks.js';
import {
  type DecryptionOptions,
  type ResolvedDecryption,
  resolveDecryption,
} from '../decrypt/index.js';
import {
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_MAX_ISSUERS,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_NEW_ISSUER_FETCHES_PER_MINUTE,
} from '../defaults.js';
import { type EventListener, safeListener } from '../events.js';
import type { KeySource } from '../keys/key-source.js';
import { assertFetchableUrl } from '../keys/url-policy.js';
import type { VerificationRules } from '../signature/signed-token.js';
import type { SharedStore } from '../store/shared-store.js';
import { assertSecretIsNoPublicKey } from './secret-policy.js';
import type { TokenCacheOptions } from './token-cache.js';

/** How the issuer's key set is fetched and kept. All durations in milliseconds. */
export interface JwksOptions {
  /** Freshness of a key set without `Cache-Control`, and the cap on its `max-age`. Default 600000 (10 min). */
  readonly cacheMaxAge?: number;
  /** Least time between refetches for unknown `kid`s; floor of `max-age`. Default 30000. */
  readonly cooldownDuration?: number;
  /** Longest wait for the issuer. Default 5000. */
  readonly timeoutDuration?: number;
  /** How long past freshness the last good keys still serve while the issuer fails; 0 turns it off. Default 600000. */
  readonly staleIfError?: number;
  /** Largest metadata or JWKS response read, in bytes. Default 262144. */
  readonly maxResponseBytes?: number;
  /**
   * Fetches per minute (discovery and key sets, fleet-wide with a `store`) for issuers a
   * resolver or preset admits but no token has verified yet. Beyond it, their tokens are
   * refused with 401 `ERR_ISSUER_BUDGET_EXCEEDED`; issuers that have verified a token, and a
   * fixed list, are never held to it. A non-negative integer. Default 10.
   */
  readonly newIssuerFetchesPerMinute?: number;
}

/**
 * What one issuer is held to, where it differs from the top-level options: given in the
 * `issuer` list (`{ issuer, ...config }`) or by a resolver. The `iss` itself is still
 * checked exactly after the signature. Its keys are its own: at most one of `jwksUri`,
 * `keySource` and `secret`; without any, its discovery metadata names its JWKS.
 *
 * @example
 * ```ts
 * const config: IssuerConfig = { jwksUri: 'https://id.example.com/keys', rolesClaim: 'groups' };
 * ```
 */
export interface IssuerConfig {
  /** Accepted audience(s) of this issuer's tokens; `null` skips the check. Default: the top-level `audience`. */
  readonly audience?: string | readonly string[] | null;
  /** Accepted `alg` values for this issuer. Default: the top-level `algorithms`. */
  readonly algorithms?: readonly string[];
  /** This issuer's JWKS URL, skipping its discovery. Exclusive with `keySource` and `secret`. */
  readonly jwksUri?: string;
  /** This issuer's own key source instead of its JWKS. Exclusive with `jwksUri` and `secret`. */
  readonly keySource?: KeySource;
  /**
   * This issuer's HMAC secret (at least 32 bytes, never a public key); its `algorithms` then
   * default to `['HS256']` and may hold only HMAC ones. Exclusive with `jwksUri` and `keySource`.
   */
  readonly secret?: string | Uint8Array;
  /** Claim checks for this issuer, on top of the top-level `claims` (e.g. `{ tid: tenantId }`). */
  readonly claims?: ClaimChecks;
  /** Where `requireRole` finds roles in this issuer's tokens. Default: the top-level `rolesClaim`. */
  readonly rolesClaim?: RolesClaim;
  /** Where `requireScope` finds scopes in this issuer's tokens. Default: the top-level `scopesClaim`. */
  readonly scopesClaim?: ScopesClaim;
}

/**
 * One listed issuer with rules or keys of its own.
 *
 * @example
 * ```ts
 * const entry: IssuerEntry = { issuer: 'https://hr.example.com/', secret: process.env.HR_SECRET };
 * ```
 */
export type IssuerEntry = { readonly issuer: string } & IssuerConfig;

/**
 * Decides, from a token's unverified `iss`, whether that issuer is trusted here: its
 * {@link IssuerConfig} (`{}` for the top-level options as they are), or `undefined` for
 * a refusal (401, and no network call). `request` is the framework's request when an
 * adapter asks (for a tenant in the host name, say). A throw answers 503.
 *
 * Match the whole `iss` exactly: a `Set` lookup, or a pattern anchored at both ends. A
 * prefix test (`iss.startsWith('https://tenants.example.com')`) also admits
 * `https://tenants.example.com@evil.example/` and `https://tenants.example.com.evil.example/`.
 * An admitted `iss` that would be fetched (no `jwksUri`, `keySource` or `secret` in the
 * answer) must still pass the URL policy (https, or http on loopback; no userinfo, no
 * fragment), or it is refused with 401 and never fetched; but a resolver that matches
 * exactly is the first line.
 *
 * @example
 * ```ts
 * const tenants = new Set(['https://a.example.com/', 'https://b.example.com/']);
 * const issuer: IssuerResolver = (iss) => (tenants.has(iss) ? {} : undefined);
 * ```
 */
export type IssuerResolver = (
  iss: string,
  request: unknown,
) => IssuerConfig | undefined | Promise<IssuerConfig | undefined>;

/** Options of `createVerifier`. `issuer` and `audience` are required. */
export interface VerifierOptions {
  /**
   * Who is trusted: an issuer identifier (tokens' `iss` must equal it exactly; its metadata
   * gives the `jwks_uri` unless `jwksUri` is set), several, or a resolver that decides per
   * `iss`. The unverified `iss` is read first: an issuer not trusted costs no network call.
   * A listed issuer with rules or keys of its own is given as `{ issuer, ...IssuerConfig }`.
   */
  readonly issuer: string | readonly (string | IssuerEntry)[] | IssuerResolver;
  /**
   * Most issuers whose keys are kept at once (least recently used go first). With a
   * resolver, that many issuers that have verified a token and as many others besides, so
   * tokens of never-seen issuers never evict an established one. Default 100.
   */
  readonly maxIssuers?: number;
  /** Claims that must be present with given values, e.g. `{ token_use: 'access' }`. */
  readonly claims?: ClaimChecks;
  /**
   * `'rfc9068'`: the JWT access-token profile in full: `typ` `at+jwt`, and the claims `iss`,
   * `exp`, `aud`, `sub`, `client_id`, `iat` and `jti`. Another kind of token (an ID token)
   * is `ERR_NOT_ACCESS_TOKEN`.
   */
  readonly profile?: 'rfc9068';
  /**
   * Accept encrypted tokens (nested JWT, RFC 7519 §5.2): the resource server's private
   * keys, and the allowed algorithms. A five-part token is decrypted, then its inner signed
   * token is verified as any other. Without it, encrypted tokens are refused.
   */
  readonly decryption?: DecryptionOptions;
  /** Accepted audience(s); a token's `aud` must contain one. `null` skips the check, explicitly. */
  readonly audience: string | readonly string[] | null;
  /** The JWKS URL, skipping discovery. */
  readonly jwksUri?: string;
  /**
   * An HMAC secret (at least 32 bytes) of the one issuer. Exclusive with `jwksUri` and
   * `keySource`; with several issuers, give each its own in its {@link IssuerConfig}.
   */
  readonly secret?: string | Uint8Array;
  /** Accepted `alg` values. Default: the asymmetric algorithms in `DEFAULT_ALGORITHMS`, or `['HS256']` with a `secret`. */
  readonly algorithms?: readonly string[];
  /** Seconds of leeway for `exp`, `nbf` and `iat`. Default 5. */
  readonly clockTolerance?: number;
  /** Largest accepted age of a token, in seconds since `iat` (then `iat` is required). Default: unbounded. */
  readonly maxTokenAge?: number;
  /** Require `typ: at+jwt` (RFC 9068 §2.1). Default `false`: absent, `JWT` and `at+jwt` pass. */
  readonly requireAtJwt?: boolean;
  /**
   * Largest token accepted, in bytes; larger ones are refused before any parsing. Default
   * 16384: every token that fits Node's default 16 KiB header limit.
   */
  readonly maxTokenBytes?: number;
  /** Key set fetching and caching. */
  readonly jwks?: JwksOptions;
  /** The verified-token cache; `false` turns it off. Default: on, 10000 tokens, 16 MiB. */
  readonly cache?: false | TokenCacheOptions;
  /**
   * Called for every request after the token verified (cached or not); `true` refuses it
   * with `ERR_TOKEN_REVOKED`. A throw or rejection answers 503 (fail closed).
   */
  readonly isRevoked?: (
    payload: JWTPayload,
    header: ProtectedHeaderParameters,
  ) => boolean | Promise<boolean>;
  /**
   * On Node, check signatures with `node:crypto` (several times faster than WebCrypto
   * there); `false` keeps jose's WebCrypto path. Other runtimes always use WebCrypto.
   * Default `true`.
   */
  readonly nodeCrypto?: boolean;
  /**
   * A key source of your own instead of the one issuer's JWKS. With several issuers, give
   * each its own in its {@link IssuerConfig}: one key set never serves two issuers.
   */
  readonly keySource?: KeySource;
  /**
   * A store shared by the instances of a fleet (`@jwt-guard/redis`, Workers KV): each
   * issuer's key set is kept there with its freshness, so new processes and cold isolates
   * start warm and the fleet fetches about once per freshness period. With `dpop`, it also
   * holds the proofs' `jti`s, unless `dpop.replayStore` is given.
   */
  readonly store?: SharedStore | undefined;
  /**
   * Told of what happens, as it happens (`JwtGuardEvent`): key sets fetched, failed, served
   * stale or not refetched; tokens accepted or refused (by code, never the token); issuers
   * resolved or refused. For logs and metrics (`@jwt-guard/otel`). No listener, no cost.
   */
  readonly events?: EventListener;
  /** The fetch used for metadata and keys. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** Which issuers are trusted, after validation. */
export type TrustedIssuers =
  | {
      readonly kind: 'list';
      readonly issuers: ReadonlySet<string>;
      /** The listed issuers given with a config of their own (`{ issuer, ... }`). */
      readonly configs: ReadonlyMap<string, IssuerConfig>;
    }
  | { readonly kind: 'resolver'; readonly resolve: IssuerResolver };

/** Options after validation, with every default filled in. */
export interface ResolvedVerifierOptions {
  /** The issuer when there is exactly one; `undefined` with several or a resolver. */
  readonly issuer: string | undefined;
  readonly trusted: TrustedIssuers;
  readonly maxIssuers: number;
  readonly profile: 'rfc9068' | undefined;
  readonly decryption: ResolvedDecryption | undefined;
  /** Accepted audiences; `undefined` only for an explicit `audience: null`. */
  readonly audience: readonly string[] | undefined;
  readonly jwksUri: string | undefined;
  readonly secret: Uint8Array | undefined;
  readonly algorithms: readonly string[];
  readonly clockTolerance: number;
  readonly maxTokenAge: number | undefined;
  readonly requireAtJwt: boolean;
  readonly maxTokenBytes: number;
  readonly jwks: Required<JwksOptions>;
  readonly keySource: KeySource | undefined;
  readonly store: SharedStore | undefined;
  /** The listener, wrapped so that its throws are dropped; `undefined` without one. */
  readonly events: EventListener | undefined;
  readonly cache: false | TokenCacheOptions;
  readonly nodeCrypto: boolean;
  readonly isRevoked: VerifierOptions['isRevoked'];
  readonly fetch: typeof fetch;
  readonly now: (() => number) | undefined;
  /**
   * The header and claim rules every token is held to; `claims.issuer` is the single
   * issuer's, and is replaced by each issuer's own when there are several.
   */
  readonly rules: VerificationRules;
}

const fail = (option: string, rule: string): never => {
  throw new TypeError(`jwt-guard: option "${option}" ${rule}`);
};

const duration = (value: number | undefined, option: string, fallback: number) => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(option, 'must be a finite, non-negative number');
  }
  return value;
};

/**
 * Validates options once and fills in defaults. Throws `TypeError` naming the option.
 *
 * @example
 * ```ts
 * resolveVerifierOptions({ issuer: 'https://id.example.com/', audience: 'api' });
 * ```
 */
export function resolveVerifierOptions(options: VerifierOptions): ResolvedVerifierOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  const trusted = resolveTrustedIssuers(options.issuer);
  const issuer =
    trusted.kind === 'list' && trusted.issuers.size === 1 ? [...trusted.issuers][0] : undefined;
  if (options.audience === undefined) {
    fail('audience', 'is required: pass the API identifier, or null to skip the check explicitly');
  }
  const audiences = resolveAudience(options.audience, 'audience');
  if (options.jwksUri !== undefined && issuer === undefined) {
    fail('jwksUri', "names one issuer's keys; with several, give each its own in a resolver");
  }
  if (options.profile !== undefined && options.profile !== 'rfc9068') {
    fail('profile', 'must be "rfc9068" when given');
  }
  const check = compileClaimChecks(options.claims, 'claims');

  const secret = resolveSecret(options.secret);
  for (const shared of ['keySource', 'secret'] as const) {
    // One key set serving several issuers lets one issuer's key sign for all of them.
    if (options[shared] !== undefined && issuer === undefined) {
      fail(
        shared,
        "serves one issuer only: with several issuers or a resolver, give each issuer its own jwksUri, keySource or secret in its IssuerConfig ({ issuer, ... } in the list, or the resolver's result)",
      );
    }
  }
  if (secret && (options.jwksUri || options.keySource)) {
    fail(
      'secret',
      'cannot be combined with jwksUri or keySource: HMAC never mixes with public keys',
    );
  }
  const algorithms = resolveAlgorithms(options.algorithms, secret !== undefined, 'algorithms');
  if (!secret && !options.keySource && options.jwksUri === undefined) {
    if (trusted.kind === 'list') {
      for (const one of trusted.issuers) {
        // An issuer with keys of its own is not fetched from (see `issuer-config.ts`).
        if (!hasOwnKeys(trusted.configs.get(one))) {
          assertFetchableUrl(one, 'jwt-guard: option "issuer"');
        }
      }
    }
  }
  if (options.jwksUri !== undefined)
    assertFetchableUrl(options.jwksUri, 'jwt-guard: option "jwksUri"');
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    fail('fetch', 'must be a function');
  if (options.now !== undefined && typeof options.now !== 'function')
    fail('now', 'must be a function');
  if (options.keySource !== undefined && typeof options.keySource?.getKey !== 'function') {
    fail('keySource', 'must have a getKey(header) method');
  }
  const maxTokenAge =
    options.maxTokenAge === undefined ? undefined : duration(options.maxTokenAge, 'maxTokenAge', 0);
  const jwks = options.jwks ?? {};
  const cache = options.cache ?? {};
  if (cache !== false && (typeof cache !== 'object' || cache === null))
    fail('cache', 'must be false or an object');
  if (cache) {
    for (const key of ['maxEntries', 'maxBytes', 'maxAge', 'failureTtl'] as const) {
      duration(cache[key], `cache.${key}`, 0);
    }
    if (cache.maxEntries === 0 || cache.maxBytes === 0)
      fail('cache', 'bounds must be positive; pass cache: false to turn it off');
  }
  if (options.isRevoked !== undefined && typeof options.isRevoked !== 'function') {
    fail('isRevoked', 'must be a function');
  }
  const clockTolerance = duration(
    options.clockTolerance,
    'clockTolerance',
    DEFAULT_CLOCK_TOLERANCE,
  );
  const profile = options.profile;
  const requireAtJwt = options.requireAtJwt === true || profile === 'rfc9068';
  return {
    issuer,
    trusted,
    maxIssuers: positiveInteger(options.maxIssuers, 'maxIssuers', DEFAULT_MAX_ISSUERS),
    profile,
    decryption:
      options.decryption === undefined ? undefined : resolveDecryption(options.decryption),
    audience: audiences,
    jwksUri: options.jwksUri,
    secret,
    algorithms,
    clockTolerance,
    maxTokenAge,
    requireAtJwt,
    maxTokenBytes: duration(options.maxTokenBytes, 'maxTokenBytes', DEFAULT_MAX_TOKEN_BYTES),
    jwks: {
      cacheMaxAge: duration(jwks.cacheMaxAge, 'jwks.cacheMaxAge', 600_000),
      cooldownDuration: duration(jwks.cooldownDuration, 'jwks.cooldownDuration', 30_000),
      timeoutDuration: duration(jwks.timeoutDuration, 'jwks.timeoutDuration', 5_000),
      staleIfError: duration(jwks.staleIfError, 'jwks.staleIfError', 600_000),
      maxResponseBytes: duration(jwks.maxResponseBytes, 'jwks.maxResponseBytes', 262_144),
      newIssuerFetchesPerMinute: count(
        jwks.newIssuerFetchesPerMinute,
        'jwks.newIssuerFetchesPerMinute',
        DEFAULT_NEW_ISSUER_FETCHES_PER_MINUTE,
      ),
    },
    keySource: options.keySource,
    store: resolveStore(options.store),
    events: safeListener(options.events),
    cache: cache === false ? false : { ...cache },
    nodeCrypto: options.nodeCrypto !== false,
    isRevoked: options.isRevoked,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: options.now,
    rules: {
      header: { algorithms: new Set(algorithms), requireAtJwt, profile },
      claims: {
        issuer: issuer ?? '',
        audience: audiences,
        clockTolerance,
        maxTokenAge,
        required: profile === 'rfc9068' ? RFC9068_REQUIRED_CLAIMS : undefined,
        check,
      },
    },
  };
}

/**
 * The rules of one issuer with a config of its own: the top-level rules with its `iss`, and
 * its own audience, algorithms and claim checks where its config gives them. `hmac`: its
 * key is a secret, so its algorithms are HMAC ones (default `['HS256']`). Throws a
 * `TypeError` naming `where` when that config is not valid. Its keys are resolved by
 * `resolveIssuerConfig`.
 *
 * @example
 * ```ts
 * const rules = issuerRules(resolved, 'https://login.example.com/t1/v2.0', { claims: { tid: 't1' } }, 'issuer resolver result', false);
 * ```
 */
export function issuerRules(
  resolved: ResolvedVerifierOptions,
  iss: string,
  config: IssuerConfig,
  where: string,
  hmac: boolean,
): VerificationRules {
  const { header, claims } = resolved.rules;
  const algorithms =
    config.algorithms === undefined && hmac === (resolved.secret !== undefined)
      ? header.algorithms
      : new Set(resolveAlgorithms(config.algorithms, hmac, `${where}.algorithms`));
  const audience =
    config.audience === undefined
      ? claims.audience
      : resolveAudience(config.audience, `${where}.audience`);
  const own = compileClaimChecks(config.claims, `${where}.claims`);
  const shared = claims.check;
  const check: ClaimCheck | undefined =
    own && shared ? (payload) => shared(payload) ?? own(payload) : (own ?? shared);
  return {
    header: algorithms === header.algorithms ? header : { ...header, algorithms },
    claims: { ...claims, issuer: iss, audience, check },
  };
}

function resolveTrustedIssuers(issuer: VerifierOptions['issuer']): TrustedIssuers {
  if (typeof issuer === 'function') return { kind: 'resolver', resolve: issuer };
  const list: readonly unknown[] = typeof issuer === 'string' ? [issuer] : issuer;
  const nameOf = (one: unknown) =>
    typeof one === 'object' && one !== null ? (one as { issuer?: unknown }).issuer : one;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((one) => typeof nameOf(one) !== 'string' || nameOf(one) === '')
  ) {
    fail('issuer', 'is required: a non-empty string, a non-empty array of them, or a resolver');
  }
  const issuers = new Set<string>();
  const configs = new Map<string, IssuerConfig>();
  for (const one of list) {
    const name = nameOf(one) as string;
    if (issuers.has(name)) fail('issuer', 'lists an issuer twice');
    issuers.add(name);
    if (typeof one === 'object') {
      const { issuer: _name, ...config } = one as IssuerEntry;
      configs.set(name, config);
    }
  }
  return { kind: 'list', issuers, configs };
}

/** Whether an issuer's config names its keys itself (then its `iss` is never fetched). */
export function hasOwnKeys(config: IssuerConfig | undefined): boolean {
  return (
    config !== undefined &&
    (config.jwksUri !== undefined || config.keySource !== undefined || config.secret !== undefined)
  );
}

/** A validated audience list; `undefined` for `null`. Throws a `TypeError` naming `option`. */
export function resolveAudience(
  audience: string | readonly string[] | null | undefined,
  option: string,
): readonly string[] | undefined {
  if (audience === null) return undefined;
  const audiences = typeof audience === 'string' ? [audience] : [...(audience ?? [])];
  if (audiences.length === 0 || audiences.some((a) => typeof a !== 'string' || a === '')) {
    fail(option, 'must be a non-empty string or a non-empty array of them');
  }
  return audiences;
}

/** A validated algorithm allowlist; HMAC-only with `hmac`, asymmetric-only without. */
export function resolveAlgorithms(
  given: readonly string[] | undefined,
  hmac: boolean,
  option: string,
): string[] {
  if (given !== undefined && !Array.isArray(given)) {
    fail(option, `must be an array of algorithm names, e.g. ['RS256']`);
  }
  const algorithms = [...(given ?? (hmac ? ['HS256'] : DEFAULT_ALGORITHMS))];
  if (algorithms.length === 0) fail(option, 'must not be empty');
  for (const alg of algorithms) {
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none')
      fail(option, 'must never admit "none"');
    const known = isHmacAlgorithm(alg) || isAsymmetricAlgorithm(alg);
    if (!known) {
      // Names are case-sensitive (RFC 7518 §3.1); a near miss is almost always a typo.
      const meant = [...KNOWN_ALGORITHMS].find((name) => name.toLowerCase() === alg.toLowerCase());
      fail(option, `has an unknown algorithm ${alg}${meant ? ` (did you mean ${meant}?)` : ''}`);
    }
    if (hmac ? !isHmacAlgorithm(alg) : !isAsymmetricAlgorithm(alg)) {
      fail(
        option,
        hmac
          ? `may hold only HS256/HS384/HS512 with a secret (got ${alg})`
          : `may hold only asymmetric algorithms without a secret (got ${alg}, an HMAC algorithm)`,
      );
    }
  }
  return algorithms;
}

const KNOWN_ALGORITHMS = new Set<string>([
  ...DEFAULT_ALGORITHMS,
  ...HMAC_ALGORITHMS,
  'Ed25519',
  'ML-DSA-44',
  'ML-DSA-65',
  'ML-DSA-87',
]);

function resolveStore(store: unknown): SharedStore | undefined {
  if (store === undefined) return undefined;
  const methods = ['get', 'set', 'setIfAbsent'] as const;
  if (
    typeof store !== 'object' ||
    store === null ||
    methods.some((name) => typeof (store as Record<string, unknown>)[name] !== 'function')
  ) {
    fail('store', 'must be a shared store: get, set and setIfAbsent');
  }
  return store as SharedStore;
}

function count(value: number | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0) fail(option, 'must be a non-negative integer');
  return value;
}

function positiveInteger(value: number | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) fail(option, 'must be a positive integer');
  return value;
}

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
const MIN_SECRET_BYTES = 32;

/** An HMAC secret as bytes, refused when short or a public key. Throws a `TypeError` naming `option`. */
export function resolveSecret(
  secret: string | Uint8Array | undefined,
  option = 'secret',
): Uint8Array | undefined {
  if (secret === undefined) return undefined;
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
    fail(option, 'must be a string or a Uint8Array');
  }
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  assertSecretIsNoPublicKey(bytes, option);
  if (bytes.byteLength < MIN_SECRET_BYTES)
    fail(option, `must be at least ${MIN_SECRET_BYTES} bytes`);
  return bytes;
}
