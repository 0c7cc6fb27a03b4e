/**
 * Options of `createTokenClient`, checked once at creation: a wrong option is a
 * `TypeError` naming it, never a failure on the first outgoing call.
 */
import { assertFetchableUrl } from '../keys/url-policy.js';
import { type Fail, failWith } from '../options/option-error.js';
import { isScopeToken } from '../options/strings.js';
import { assertionAlgorithm, type ClientPrivateKey } from './assertion-key.js';
import { type DpopKeyInput, type DpopSigningKey, dpopKeyLoader } from './dpop-key.js';
import type { RenewalLimit } from './renewal-budget.js';
import type { TokenClientEventListener } from './token-client-events.js';

/** How the client proves its identity at the token endpoint (RFC 6749 §2.3, RFC 7523 §2.2). */
export type TokenEndpointAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt';

export type { ClientPrivateKey } from './assertion-key.js';
export type { DpopKeyInput, DpopKeyPair } from './dpop-key.js';
export type { RenewalLimit } from './renewal-budget.js';

/**
 * The grant that exchanges a user's token: `'token-exchange'` (RFC 8693; oidc-provider with a
 * custom grant, Keycloak, Okta, Auth0, Ory, Duende) or `'on-behalf-of'` (Microsoft Entra:
 * `urn:ietf:params:oauth:grant-type:jwt-bearer` with `requested_token_use=on_behalf_of`).
 */
export type ExchangeGrant = 'token-exchange' | 'on-behalf-of';

/** DPoP (RFC 9449) for the client's tokens. */
export interface TokenClientDpopOptions {
  /**
   * The key proofs are signed with: a WebCrypto `CryptoKeyPair` (the private key may be
   * non-extractable), a private JWK, or `{ privateKey, publicJwk, alg? }` as
   * `@jwt-guard/testing`'s `generateDpopKey()` returns it.
   */
  readonly key: DpopKeyInput;
}

/** Options of `createTokenClient`. */
export interface TokenClientOptions {
  /** The issuer identifier; its token endpoint is found by discovery. https, or http on loopback. */
  readonly issuer: string;
  readonly clientId: string;
  /** The client secret, for `client_secret_basic` and `client_secret_post`. */
  readonly clientSecret?: string;
  /** The signing key of `private_key_jwt` client assertions. */
  readonly privateKey?: ClientPrivateKey;
  /**
   * JWS algorithm of the client assertion. Default: the JWK's `alg`, else what the key
   * implies (RS256 for RSA, ES256/384/512 by curve, EdDSA for Ed25519). Required for PEM.
   */
  readonly privateKeyAlg?: string;
  /**
   * The API the tokens are for, sent as `resource` (RFC 8707) by default, or as `audience`
   * when {@link audienceParameter} says so. Default: none sent.
   */
  readonly audience?: string;
  /**
   * The request parameter that carries {@link audience}: `'resource'` (RFC 8707; oidc-provider,
   * Keycloak 26+, Entra v2 via scope) or `'audience'` (Auth0, Okta custom servers). Default `'resource'`.
   */
  readonly audienceParameter?: 'resource' | 'audience';
  /** Scopes to ask for, space-separated or as a list. Default: none (the client's default). */
  readonly scope?: string | readonly string[];
  /**
   * Default: `'private_key_jwt'` with a `privateKey`, else `'client_secret_basic'` (the
   * method every server must support, RFC 6749 §2.3.1).
   */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** The fetch used for discovery and token requests. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Seconds before expiry at which a token is renewed. Default: 60, or 10% of the token's
   * lifetime when that is smaller. Capped at half the lifetime, so a long margin on a
   * short-lived token cannot cause a request per call.
   */
  readonly refreshAhead?: number;
  /** Milliseconds one discovery or token request may take. Default 5000. */
  readonly timeout?: number;
  /** Attempts after a failed one (network error, timeout, 5xx, 429), with jittered backoff. Default 2. */
  readonly retries?: number;
  /** Token-exchange results kept at most (least recently used evicted). Default 1000. */
  readonly exchangeCacheSize?: number;
  /**
   * The grant `exchange` uses: `'token-exchange'` (RFC 8693) or `'on-behalf-of'` (Microsoft
   * Entra's jwt-bearer grant with `requested_token_use=on_behalf_of`, whose target is named
   * by `scope`, e.g. `api://billing/.default`). Default `'token-exchange'`.
   */
  readonly exchangeGrant?: ExchangeGrant;
  /**
   * Sender-constrained tokens: every token request carries a DPoP proof, tokens must come
   * back as `token_type: DPoP`, and `fetch` sends `Authorization: DPoP` with a fresh proof.
   * Default: none (bearer tokens).
   */
  readonly dpop?: TokenClientDpopOptions;
  /**
   * At most `max` token renewals in any `perMs` milliseconds because a server refused the
   * token (`fetch` after a 401 `invalid_token`). Past it, `fetch` returns the 401 as it came
   * and emits `token-renewal-limited`. Default `{ max: 5, perMs: 60_000 }`; `max: 0` never renews.
   */
  readonly renewalLimit?: { readonly max?: number; readonly perMs?: number };
  /** Told what the client does (see `TokenClientEvent`); what it throws is dropped. Default: none. */
  readonly events?: TokenClientEventListener;
}

/** The options after checks and defaults. */
export interface ResolvedTokenClientOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly privateKey: ClientPrivateKey | undefined;
  /** The assertion's JWS algorithm, resolved at creation; set for `private_key_jwt`. */
  readonly privateKeyAlg: string | undefined;
  readonly audience: string | undefined;
  readonly audienceParameter: 'resource' | 'audience';
  readonly scope: string | undefined;
  readonly authMethod: TokenEndpointAuthMethod;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly refreshAheadMs: number | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly exchangeCacheSize: number;
  readonly exchangeGrant: ExchangeGrant;
  /** Loads the DPoP key, checked at creation; absent without `dpop`. */
  readonly dpopKey: (() => Promise<DpopSigningKey>) | undefined;
  readonly renewalLimit: RenewalLimit;
  readonly events: TokenClientEventListener | undefined;
}

const METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];

const fail: Fail = failWith((name) => `createTokenClient: ${name}`);

const nonEmpty = (value: unknown, name: string): string =>
  typeof value === 'string' && value !== '' ? value : fail(name, 'must be a non-empty string');

function count(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    fail(name, `must be a finite number of at least ${min}`);
  return value as number;
}

function scopeOf(scope: TokenClientOptions['scope']): string | undefined {
  if (scope === undefined) return undefined;
  const tokens = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [...scope];
  if (tokens.length === 0 || !tokens.every(isScopeToken))
    fail('scope', 'must be scope tokens (RFC 6749 §3.3) separated by single spaces');
  return tokens.join(' ');
}

// How the audience is sent, once `audience` is checked against it.
function audienceParameterOf(options: TokenClientOptions): 'resource' | 'audience' {
  if (options.audience !== undefined) nonEmpty(options.audience, 'audience');
  const audienceParameter = options.audienceParameter ?? 'resource';
  if (audienceParameter !== 'resource' && audienceParameter !== 'audience')
    fail('audienceParameter', "must be 'resource' or 'audience'");
  // RFC 8707 §2: a resource indicator is an absolute URI without a fragment.
  if (options.audience !== undefined && audienceParameter === 'resource') {
    if (!URL.canParse(options.audience) || options.audience.includes('#'))
      fail(
        'audience',
        "must be an absolute URI without a fragment (or set audienceParameter: 'audience')",
      );
  }
  return audienceParameter;
}

function dpopKeyOf(dpop: TokenClientOptions['dpop']): ResolvedTokenClientOptions['dpopKey'] {
  if (dpop === undefined) return undefined;
  if (typeof dpop !== 'object' || dpop === null) fail('dpop', 'must be an object');
  return dpopKeyLoader(dpop.key);
}

function exchangeGrantOf(grant: TokenClientOptions['exchangeGrant']): ExchangeGrant {
  if (grant === undefined) return 'token-exchange';
  if (grant !== 'token-exchange' && grant !== 'on-behalf-of')
    fail('exchangeGrant', "must be 'token-exchange' or 'on-behalf-of'");
  return grant;
}

function renewalLimitOf(limit: TokenClientOptions['renewalLimit']): RenewalLimit {
  if (limit !== undefined && (typeof limit !== 'object' || limit === null))
    fail('renewalLimit', 'must be an object');
  return {
    max: Math.floor(count(limit?.max, 'renewalLimit.max', 5, 0)),
    perMs: count(limit?.perMs, 'renewalLimit.perMs', 60_000, 1),
  };
}

/**
 * Checks the options and fills in defaults; the caller's object is not changed.
 *
 * @example
 * ```ts
 * const resolved = resolveTokenClientOptions({ issuer, clientId: 'svc', clientSecret });
 * resolved.authMethod; // 'client_secret_basic'
 * ```
 */
export function resolveTokenClientOptions(options: TokenClientOptions): ResolvedTokenClientOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  const issuer = nonEmpty(options.issuer, 'issuer');
  assertFetchableUrl(issuer, 'createTokenClient: issuer');
  const { clientSecret, privateKey } = options;
  if (clientSecret !== undefined) nonEmpty(clientSecret, 'clientSecret');
  if (clientSecret !== undefined && privateKey !== undefined)
    fail('clientSecret', 'and privateKey are exclusive: give the one the method uses');
  const authMethod =
    options.tokenEndpointAuthMethod ??
    (privateKey === undefined ? 'client_secret_basic' : 'private_key_jwt');
  if (!METHODS.includes(authMethod)) fail('tokenEndpointAuthMethod', `must be one of ${METHODS}`);
  if (authMethod === 'private_key_jwt') {
    if (typeof privateKey !== 'string' && (typeof privateKey !== 'object' || privateKey === null))
      fail('privateKey', 'is required for private_key_jwt');
  } else if (clientSecret === undefined) {
    fail('clientSecret', `is required for ${authMethod}`);
  }
  if (options.privateKeyAlg !== undefined) nonEmpty(options.privateKeyAlg, 'privateKeyAlg');
  const privateKeyAlg =
    authMethod === 'private_key_jwt'
      ? assertionAlgorithm(privateKey as ClientPrivateKey, options.privateKeyAlg)
      : undefined;
  const audienceParameter = audienceParameterOf(options);
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    fail('fetch', 'must be a function');
  if (options.now !== undefined && typeof options.now !== 'function')
    fail('now', 'must be a function');
  if (options.events !== undefined && typeof options.events !== 'function')
    fail('events', 'must be a function');
  const refreshAhead =
    options.refreshAhead === undefined
      ? undefined
      : count(options.refreshAhead, 'refreshAhead', 0, 0);
  return {
    issuer,
    clientId: nonEmpty(options.clientId, 'clientId'),
    clientSecret,
    privateKey,
    privateKeyAlg,
    audience: options.audience,
    audienceParameter,
    scope: scopeOf(options.scope),
    authMethod,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: options.now ?? Date.now,
    refreshAheadMs: refreshAhead === undefined ? undefined : refreshAhead * 1000,
    timeoutMs: count(options.timeout, 'timeout', 5_000, 1),
    retries: Math.floor(count(options.retries, 'retries', 2, 0)),
    exchangeCacheSize: Math.floor(count(options.exchangeCacheSize, 'exchangeCacheSize', 1000, 1)),
    exchangeGrant: exchangeGrantOf(options.exchangeGrant),
    dpopKey: dpopKeyOf(options.dpop),
    renewalLimit: renewalLimitOf(options.renewalLimit),
    events: options.events,
  };
}
