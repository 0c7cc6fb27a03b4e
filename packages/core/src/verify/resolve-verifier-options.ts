/**
 * The one-time validation of `createVerifier`'s options: every mistake fails at start-up
 * with a `TypeError` naming the option, never per request.
 */

import {
  DEFAULT_ALGORITHMS,
  HMAC_ALGORITHMS,
  isAsymmetricAlgorithm,
  isHmacAlgorithm,
} from '../algorithms.js';
import {
  type ClaimCheck,
  compileClaimChecks,
  RFC9068_REQUIRED_CLAIMS,
} from '../claims/claim-checks.js';
import { resolveDecryption } from '../decrypt/index.js';
import {
  DEFAULT_CLOCK_TOLERANCE,
  DEFAULT_MAX_ISSUERS,
  DEFAULT_MAX_TOKEN_BYTES,
  DEFAULT_NEW_ISSUER_FETCHES_PER_MINUTE,
} from '../defaults.js';
import { safeListener } from '../events.js';
import { assertFetchableUrl } from '../keys/url-policy.js';
import { duration, nonNegativeInteger, positiveInteger } from '../options/numbers.js';
import { fail } from '../options/option-error.js';
import type { VerificationRules } from '../signature/signed-token.js';
import type { SharedStore } from '../store/shared-store.js';
import { assertSecretIsNoPublicKey } from './secret-policy.js';
import type {
  IssuerConfig,
  IssuerEntry,
  JwksOptions,
  ResolvedVerifierOptions,
  TrustedIssuers,
  VerifierOptions,
} from './verifier-options.js';

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
  const { secret, algorithms } = resolveKeys(options, trusted, issuer);
  const maxTokenAge =
    options.maxTokenAge === undefined ? undefined : duration(options.maxTokenAge, 'maxTokenAge', 0);
  const cache = resolveCache(options.cache);
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
    jwks: resolveJwks(options.jwks ?? {}),
    keySource: options.keySource,
    store: resolveStore(options.store),
    events: safeListener(options.events),
    cache,
    nodeCrypto: options.nodeCrypto !== false,
    isRevoked: options.isRevoked,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: options.now,
    rules: {
      header: { algorithms: new Set(algorithms), requireAtJwt, profile },
      claims: claimRules(issuer, audiences, clockTolerance, maxTokenAge, profile, check),
    },
  };
}

function claimRules(
  issuer: string | undefined,
  audience: readonly string[] | undefined,
  clockTolerance: number,
  maxTokenAge: number | undefined,
  profile: 'rfc9068' | undefined,
  check: ClaimCheck | undefined,
): VerificationRules['claims'] {
  return {
    issuer: issuer ?? '',
    audience,
    clockTolerance,
    maxTokenAge,
    required: profile === 'rfc9068' ? RFC9068_REQUIRED_CLAIMS : undefined,
    check,
  };
}

// The keys: a secret, or public keys from a key source, a JWKS URL or discovery, and the
// algorithms they may verify. Checked in this order, so the first mistake is the one named.
function resolveKeys(
  options: VerifierOptions,
  trusted: TrustedIssuers,
  issuer: string | undefined,
): { secret: Uint8Array | undefined; algorithms: string[] } {
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
  return { secret, algorithms };
}

function resolveCache(given: VerifierOptions['cache']): ResolvedVerifierOptions['cache'] {
  const cache = given ?? {};
  if (cache !== false && (typeof cache !== 'object' || cache === null))
    fail('cache', 'must be false or an object');
  if (cache) {
    for (const key of ['maxEntries', 'maxBytes', 'maxAge', 'failureTtl'] as const) {
      duration(cache[key], `cache.${key}`, 0);
    }
    if (cache.maxEntries === 0 || cache.maxBytes === 0)
      fail('cache', 'bounds must be positive; pass cache: false to turn it off');
  }
  return cache === false ? false : { ...cache };
}

function resolveJwks(jwks: JwksOptions): Required<JwksOptions> {
  return {
    cacheMaxAge: duration(jwks.cacheMaxAge, 'jwks.cacheMaxAge', 600_000),
    cooldownDuration: duration(jwks.cooldownDuration, 'jwks.cooldownDuration', 30_000),
    timeoutDuration: duration(jwks.timeoutDuration, 'jwks.timeoutDuration', 5_000),
    staleIfError: duration(jwks.staleIfError, 'jwks.staleIfError', 600_000),
    maxResponseBytes: duration(jwks.maxResponseBytes, 'jwks.maxResponseBytes', 262_144),
    newIssuerFetchesPerMinute: nonNegativeInteger(
      jwks.newIssuerFetchesPerMinute,
      'jwks.newIssuerFetchesPerMinute',
      DEFAULT_NEW_ISSUER_FETCHES_PER_MINUTE,
    ),
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
