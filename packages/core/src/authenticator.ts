/**
 * `createAuthenticator`: everything an adapter needs in one call per request: find the
 * token, verify it, and return the `AuthInfo` the guards understand. Adapters only say
 * how to read their request.
 */
import type { JWTPayload } from 'jose';
import {
  type AuthInfo,
  authInfoWithPolicy,
  type RolesClaim,
  type ScopesClaim,
} from './auth-info.js';
import { type AuthenticatorOptions, assertVerifierAlone } from './authenticator-options.js';
import { DEFAULT_REALM, DEFAULT_ROLES_CLAIM } from './defaults.js';
import type { ResolvedDpop } from './dpop/index.js';
import { resolvePublicOrigin } from './dpop/request-url.js';
import type { ChallengeSettings } from './errors/answer.js';
import { isChallengeSafe } from './errors/challenge.js';
import { createError, JwtGuardError } from './errors/jwt-guard-error.js';
import { reportRefusal } from './events.js';
import { assertFetchableUrl } from './keys/url-policy.js';
import type { RequestContext } from './request-context.js';
import { assertNotDpopBound, createSenderBinding, type SenderBinding } from './sender-binding.js';
import {
  checkedToken,
  findBearerToken,
  type TokenSources,
  usesDpopScheme,
} from './token/extract-token.js';
import { type IssuerClaims, issuerClaimsOf } from './verify/issuer-claims.js';
import { createVerifier, type Verifier } from './verify/verifier.js';

export type {
  AuthenticatorOptions,
  OwnVerifierOptions,
  RequestSideOptions,
  SharedVerifierOptions,
} from './authenticator-options.js';

/**
 * The optional token sources the options turn on; `read` gets it so that an adapter reads
 * only those (each header lookup or body parse costs on every request).
 */
export interface WantedSources {
  readonly formBody: boolean;
  readonly cookie: boolean;
  /** DPoP is on: read the method, the absolute URL and the `DPoP` header(s). */
  readonly dpop?: boolean;
  /** Certificate binding is on: read the client certificate. */
  readonly certificate?: boolean;
  /** The trusted proxy's header carrying the client certificate (RFC 9440), lower-case. */
  readonly certificateHeader?: string | undefined;
}

/** Authenticates requests of one framework. */
export interface Authenticator<Request> {
  /** The verified token, `undefined` when none was sent and none is required, or a thrown `JwtGuardError`. */
  authenticate<Claims extends object = JWTPayload>(
    request: Request,
  ): Promise<AuthInfo<Claims> | undefined>;
  /**
   * `authenticate` without a promise where none is needed: a token the verifier's cache
   * answers returns, or throws, at once; anything else returns a promise. What adapters call.
   */
  authenticateMaybeSync<Claims extends object = JWTPayload>(
    request: Request,
  ): AuthInfo<Claims> | undefined | Promise<AuthInfo<Claims> | undefined>;
  readonly verifier: Verifier;
}

/**
 * Creates an authenticator, the boundary where refusals get their challenge: every
 * `JwtGuardError` it throws carries the configured realm. `read` turns the framework's
 * request into {@link TokenSources} (reading the form body and cookie only when `wanted`
 * says so); `contextOf`, where the runtime has one, lends background work a `waitUntil`.
 *
 * @example
 * ```ts
 * const auth = createAuthenticator({ issuer, audience }, (req: Request) => ({
 *   authorization: req.headers.get('authorization'),
 * }));
 * const info = await auth.authenticate(request);
 * ```
 */
export function createAuthenticator<Request>(
  options: AuthenticatorOptions<Request>,
  read: (request: Request, wanted: WantedSources) => TokenSources | Promise<TokenSources>,
  contextOf?: (request: Request) => RequestContext | undefined,
): Authenticator<Request> {
  assertVerifierAlone(options);
  const verifier = options.verifier ?? createVerifier(options);
  const { maxTokenBytes } = verifier.options;
  const required = options.credentialsRequired !== false;
  const { getToken } = options;
  if (getToken !== undefined && typeof getToken !== 'function') {
    throw new TypeError('jwt-guard: option "getToken" must be a function');
  }
  const rolesClaim = claimPath(options.rolesClaim, 'rolesClaim') ?? DEFAULT_ROLES_CLAIM;
  const scopesClaim = claimPath(options.scopesClaim, 'scopesClaim');
  const binding =
    options.dpop !== undefined || options.mtls !== undefined
      ? createSenderBinding(options)
      : undefined;
  const dpop = binding?.dpop;
  const challenge = challengeSettings(options.realm, options.resourceMetadata, dpop);
  // The listener travels with each AuthInfo, so guards report refusals without shared state.
  const { events } = verifier.options;
  const toAuthInfo = authInfoWithPolicy({ challenge, rolesClaim, scopesClaim, events });
  // An issuer whose config says where its roles or scopes are gets its own policy. That
  // mapping comes with the verified token itself (issue 19 §1.7), and each policy is made
  // once from it: nothing here depends on which request came before.
  const issuerPolicies = new WeakMap<IssuerClaims, typeof toAuthInfo>();
  const toAuthInfoOf = (auth: AuthInfo<object>): typeof toAuthInfo => {
    const claims = issuerClaimsOf(auth);
    if (claims === undefined) return toAuthInfo;
    let own = issuerPolicies.get(claims);
    if (!own) {
      own = authInfoWithPolicy({
        challenge,
        rolesClaim: claims.rolesClaim ?? rolesClaim,
        scopesClaim: claims.scopesClaim ?? scopesClaim,
        events,
      });
      issuerPolicies.set(claims, own);
    }
    return own;
  };
  const answerWith = <Claims extends object>(auth: AuthInfo<Claims>) => toAuthInfoOf(auth)(auth);
  // Without DPoP or certificate binding configured, every token is a bearer token, and a
  // DPoP-bound one is refused as such.
  const bearerOnly = <Claims extends object>(auth: AuthInfo<Claims>) => {
    assertNotDpopBound(auth.payload);
    return answerWith(auth);
  };
  const extractOptions = {
    tokenFromQuery: options.tokenFromQuery === true,
    tokenFromFormBody: options.tokenFromFormBody === true,
    tokenFromCookie: options.tokenFromCookie,
    maxTokenBytes,
    schemes: dpop === undefined ? 'bearer' : dpop.required ? 'dpop' : 'bearer-dpop',
  } as const;
  const wanted: WantedSources = {
    formBody: extractOptions.tokenFromFormBody,
    cookie: typeof options.tokenFromCookie === 'string' && options.tokenFromCookie !== '',
    dpop: dpop !== undefined,
    certificate: binding?.mtls !== undefined,
    certificateHeader: binding?.mtls?.certificateHeader,
  };
  const emit = verifier.options.events;
  const answer = (error: unknown): never => {
    if (error instanceof JwtGuardError) error.withChallenge(challenge);
    reportRefusal(emit, error);
    throw error;
  };
  const NO_SOURCES: TokenSources = {};
  const resolver = verifier.options.trusted.kind === 'resolver';
  // Validated here too when no binding uses it: a wrong option fails at creation all the same.
  if (binding === undefined) resolvePublicOrigin(options.publicOrigin);

  // `checkSyntax`: a token found in the request is an RFC 6750 b64token; one the token
  // cache holds has passed that check already, so the check waits for a cache miss.
  const authenticateToken = <Claims extends object>(
    token: string | undefined,
    request: Request,
    checkSyntax: boolean,
    sources: TokenSources,
  ): AuthInfo<Claims> | undefined | Promise<AuthInfo<Claims>> => {
    if (token === undefined) {
      if (required) throw createError('ERR_NO_TOKEN');
      return undefined;
    }
    if (binding === undefined) {
      const verified = verifyToken<Claims>(token, request, checkSyntax);
      return verified instanceof Promise ? verified.then(bearerOnly) : bearerOnly(verified);
    }
    const scheme = dpop !== undefined && usesDpopScheme(sources.authorization) ? 'DPoP' : 'Bearer';
    // DPoP only: a token by any other way (a cookie, the query, getToken) is no credential.
    if (dpop?.required && scheme !== 'DPoP') throw createError('ERR_NO_TOKEN');
    return bindingChecked(
      () => verifyToken<Claims>(token, request, checkSyntax),
      token,
      scheme,
      sources,
      binding,
    );
  };

  const verifyToken = <Claims extends object>(
    token: string,
    request: Request,
    checkSyntax: boolean,
  ): AuthInfo<Claims> | Promise<AuthInfo<Claims>> => {
    const lent = contextOf?.(request);
    // An issuer resolver is asked on cache hits too, and may want the request.
    const context = resolver ? { ...lent, request } : lent;
    const reused = verifier.reuse<Claims>(token, context);
    if (reused !== undefined) return reused;
    if (checkSyntax) checkedToken(token);
    return verifier.verifyMaybeSync<Claims>(token, { ...context, request });
  };

  // The proof of possession a token calls for, on every request (cache hits included).
  // Refusals name the scheme the request used, so the right challenge carries the error.
  const bindingChecked = async <Claims extends object>(
    verify: () => AuthInfo<Claims> | Promise<AuthInfo<Claims>>,
    token: string,
    scheme: 'Bearer' | 'DPoP',
    sources: TokenSources,
    checks: SenderBinding,
  ): Promise<AuthInfo<Claims>> => {
    try {
      const verified = await verify();
      await checks.check(verified.payload, token, scheme, sources, Date.now());
      return answerWith(verified);
    } catch (error) {
      if (error instanceof JwtGuardError) error.withChallenge(challenge, scheme);
      throw error;
    }
  };

  const authenticateRequest = <Claims extends object>(request: Request) => {
    if (getToken) {
      return Promise.resolve(getToken(request)).then((token) =>
        authenticateToken<Claims>(token === '' ? undefined : token, request, false, NO_SOURCES),
      );
    }
    const sources = read(request, wanted);
    // Only a framework whose body parsing is async hands over a promise.
    return sources instanceof Promise
      ? sources.then((found) =>
          authenticateToken<Claims>(findBearerToken(found, extractOptions), request, true, found),
        )
      : authenticateToken<Claims>(findBearerToken(sources, extractOptions), request, true, sources);
  };

  const authenticateMaybeSync = <Claims extends object = JWTPayload>(request: Request) => {
    try {
      const result = authenticateRequest<Claims>(request);
      return result instanceof Promise ? result.catch(answer) : result;
    } catch (error) {
      return answer(error);
    }
  };

  return {
    verifier,
    authenticateMaybeSync,
    authenticate<Claims extends object = JWTPayload>(request: Request) {
      try {
        return Promise.resolve(authenticateMaybeSync<Claims>(request));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

function claimPath<T extends RolesClaim | ScopesClaim>(value: T | undefined, option: string) {
  if (value === undefined) return undefined;
  if (!['string', 'function'].includes(typeof value) && !Array.isArray(value)) {
    throw new TypeError(`jwt-guard: option "${option}" must be a claim path or a function`);
  }
  return value;
}

function challengeSettings(
  realm: unknown,
  resourceMetadata: unknown,
  dpop: ResolvedDpop | undefined,
): ChallengeSettings {
  if (realm !== undefined && (typeof realm !== 'string' || !isChallengeSafe(realm))) {
    throw new TypeError(
      'jwt-guard: option "realm" must be printable ASCII without quotes or backslashes',
    );
  }
  if (resourceMetadata !== undefined) {
    if (typeof resourceMetadata !== 'string' || !isChallengeSafe(resourceMetadata)) {
      throw new TypeError('jwt-guard: option "resourceMetadata" must be a URL in printable ASCII');
    }
    assertFetchableUrl(resourceMetadata, 'jwt-guard: option "resourceMetadata"');
  }
  return Object.freeze({
    realm: (realm as string | undefined) ?? DEFAULT_REALM,
    ...(resourceMetadata === undefined ? {} : { resourceMetadata: resourceMetadata as string }),
    ...(dpop === undefined ? {} : { dpop: { algs: dpop.algorithms, bearer: !dpop.required } }),
  });
}
