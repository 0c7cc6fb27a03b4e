/**
 * The `introspection` option of one issuer (RFC 7662): how its endpoint is found and
 * called, which tokens go there, and how long its answers are kept. Checked once, when
 * the issuer's config is resolved: a mistake is a `TypeError` naming the option path.
 */
import { assertionAlgorithm, type ClientPrivateKey } from '../client/assertion-key.js';
import {
  type ClientAuthentication,
  createClientAuthentication,
} from '../client/client-authentication.js';
import { assertFetchableUrl } from '../keys/url-policy.js';
import { duration, positiveInteger } from '../options/numbers.js';
import { fail } from '../options/option-error.js';

/** Which of an issuer's tokens are introspected. */
export type IntrospectedTokens = 'opaque' | 'jwt' | 'both';

/** How the resource server authenticates at the introspection endpoint (RFC 7662 §2.1). */
export type IntrospectionAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt';

/**
 * Token introspection (RFC 7662) for one issuer: `{ issuer, introspection: { … } }` in the
 * `issuer` list, or in a resolver's answer. All durations in milliseconds.
 *
 * @example
 * ```ts
 * jwtAuth({
 *   audience: 'https://api.example.com',
 *   issuer: [{ issuer: 'https://id.example.com/', introspection: { clientId: 'api', clientSecret } }],
 * });
 * ```
 */
export interface IntrospectionOptions {
  /** The resource server's client id at the issuer. */
  readonly clientId: string;
  /** Its client secret: `client_secret_basic`, or `client_secret_post` with {@link authMethod}. Exclusive with `privateKey`. */
  readonly clientSecret?: string;
  /** Its signing key for `private_key_jwt` (RFC 7523). Exclusive with `clientSecret`. */
  readonly privateKey?: ClientPrivateKey;
  /** The client assertion's algorithm. Default: the JWK's `alg`, else what the key implies. Required for PEM. */
  readonly privateKeyAlg?: string;
  /**
   * Default: `'client_secret_basic'` with a `clientSecret`, `'private_key_jwt'` with a
   * `privateKey`.
   */
  readonly authMethod?: IntrospectionAuthMethod;
  /** The introspection endpoint. Default: the `introspection_endpoint` of the issuer's metadata (RFC 8414). */
  readonly endpoint?: string;
  /**
   * Which tokens go to the endpoint: `'opaque'` (anything not a compact JWS or JWE; its
   * JWTs are verified locally), `'jwt'` (its JWTs, verified locally and then introspected,
   * for revocation-sensitive routes) or `'both'`. Default `'opaque'`.
   */
  readonly tokens?: IntrospectedTokens;
  /**
   * The prefix of this issuer's opaque tokens (`'ory_at_'`). With several introspecting
   * issuers each needs `prefix` or {@link matches}, and an opaque token goes only to the one
   * it matches: sending it to another would hand it to that provider.
   */
  readonly prefix?: string;
  /** Whether an opaque token is this issuer's, for token shapes a prefix cannot tell. Exclusive with `prefix`. */
  readonly matches?: (token: string) => boolean;
  /** Longest wait for the endpoint; past it the request is answered 503. Default 5000. */
  readonly timeout?: number;
  /** Longest an active answer is kept, never past the token's `exp`. Default 60000. */
  readonly cacheMaxAge?: number;
  /** How long an `active: false` answer is kept. Default 10000. */
  readonly inactiveCacheMaxAge?: number;
  /**
   * Longest wait after a failed call before the endpoint is tried again (the wait doubles
   * from a second, or from this when smaller); meanwhile uncached tokens get 503. Default 10000.
   */
  readonly maxRetryDelay?: number;
  /** Most answers kept in memory (least recently used go first). Default 10000. */
  readonly cacheMaxEntries?: number;
  /** Largest response read, in bytes. Default 65536. */
  readonly maxResponseBytes?: number;
}

/** {@link IntrospectionOptions}, checked, with defaults filled in. */
export interface ResolvedIntrospection {
  readonly clientId: string;
  readonly authenticate: ClientAuthentication;
  readonly endpoint: string | undefined;
  readonly tokens: IntrospectedTokens;
  /** Whether an opaque token is this issuer's; `undefined`: no selector was given. */
  readonly selector: ((token: string) => boolean) | undefined;
  readonly timeout: number;
  readonly cacheMaxAge: number;
  readonly inactiveCacheMaxAge: number;
  readonly maxRetryDelay: number;
  readonly cacheMaxEntries: number;
  readonly maxResponseBytes: number;
}

const TOKENS = new Set<unknown>(['opaque', 'jwt', 'both']);
const METHODS = new Set<unknown>(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);

/**
 * Checks the `introspection` option of issuer `issuer`; `where` is its option path
 * (`issuer[1].introspection`).
 *
 * @example
 * ```ts
 * const resolved = resolveIntrospection({ clientId: 'api', clientSecret }, iss, 'issuer[0].introspection', Date.now);
 * ```
 */
export function resolveIntrospection(
  given: IntrospectionOptions,
  issuer: string,
  where: string,
  now: () => number,
): ResolvedIntrospection {
  if (typeof given !== 'object' || given === null) fail(where, 'must be an object');
  if (typeof given.clientId !== 'string' || given.clientId === '') {
    fail(`${where}.clientId`, 'is required: a non-empty string');
  }
  if (given.endpoint !== undefined) {
    assertFetchableUrl(given.endpoint, `jwt-guard: option "${where}.endpoint"`);
  }
  const tokens = given.tokens ?? 'opaque';
  if (!TOKENS.has(tokens)) fail(`${where}.tokens`, 'must be "opaque", "jwt" or "both"');
  return {
    clientId: given.clientId,
    authenticate: authenticationOf(given, issuer, where, now),
    endpoint: given.endpoint,
    tokens,
    selector: selectorOf(given, where),
    timeout: duration(given.timeout, `${where}.timeout`, 5_000),
    cacheMaxAge: duration(given.cacheMaxAge, `${where}.cacheMaxAge`, 60_000),
    inactiveCacheMaxAge: duration(
      given.inactiveCacheMaxAge,
      `${where}.inactiveCacheMaxAge`,
      10_000,
    ),
    maxRetryDelay: duration(given.maxRetryDelay, `${where}.maxRetryDelay`, 10_000),
    cacheMaxEntries: positiveInteger(given.cacheMaxEntries, `${where}.cacheMaxEntries`, 10_000),
    maxResponseBytes: positiveInteger(given.maxResponseBytes, `${where}.maxResponseBytes`, 65_536),
  };
}

function selectorOf(
  given: IntrospectionOptions,
  where: string,
): ((token: string) => boolean) | undefined {
  const { prefix, matches } = given;
  if (prefix !== undefined && matches !== undefined) {
    fail(`${where}.prefix`, 'cannot be combined with matches');
  }
  if (prefix !== undefined) {
    if (typeof prefix !== 'string' || prefix === '')
      fail(`${where}.prefix`, 'must be a non-empty string');
    return (token) => token.startsWith(prefix);
  }
  if (matches !== undefined && typeof matches !== 'function') {
    fail(`${where}.matches`, 'must be a function of the token');
  }
  return matches;
}

// The token client's client authentication, shared: the same encodings and assertions.
function authenticationOf(
  given: IntrospectionOptions,
  issuer: string,
  where: string,
  now: () => number,
): ClientAuthentication {
  const { clientSecret, privateKey } = given;
  if ((clientSecret === undefined) === (privateKey === undefined)) {
    fail(`${where}.clientSecret`, 'or privateKey is required (exactly one of them)');
  }
  if (clientSecret !== undefined && (typeof clientSecret !== 'string' || clientSecret === '')) {
    fail(`${where}.clientSecret`, 'must be a non-empty string');
  }
  const authMethod =
    given.authMethod ?? (privateKey === undefined ? 'client_secret_basic' : 'private_key_jwt');
  if (!METHODS.has(authMethod)) {
    fail(
      `${where}.authMethod`,
      'must be client_secret_basic, client_secret_post or private_key_jwt',
    );
  }
  if ((authMethod === 'private_key_jwt') !== (privateKey !== undefined)) {
    fail(
      `${where}.authMethod`,
      `${authMethod} does not fit the ${privateKey ? 'privateKey' : 'clientSecret'} given`,
    );
  }
  let privateKeyAlg: string | undefined;
  if (privateKey !== undefined) {
    try {
      privateKeyAlg = assertionAlgorithm(privateKey, given.privateKeyAlg);
    } catch (error) {
      fail(`${where}.privateKey`, (error as Error).message.replace(/^createTokenClient: /, ''));
    }
  }
  return createClientAuthentication({
    issuer,
    clientId: given.clientId,
    clientSecret,
    privateKey,
    privateKeyAlg,
    authMethod,
    now,
  });
}
