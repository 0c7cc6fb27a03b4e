/**
 * What every conformance app is built from: its issuers, and one route table that each
 * framework's app mounts as it is, so that every framework serves the same routes.
 */

import type { JwksOptions, OwnVerifierOptions } from '@jwt-guard/core';
import { claim, type Policy } from '@jwt-guard/core/policy';
import { presets } from '@jwt-guard/core/presets';
import type { JWK } from 'jose';

/** Issuer settings of a conformance app. Routes for the optional ones exist only when set. */
export interface AppConfig {
  readonly issuer: string;
  readonly audience: string;
  /** An issuer URL nothing listens on, behind `/down`. */
  readonly downIssuer: string;
  /** Key set timings, for runs that exercise refreshes (the soak). Default: the library's. */
  readonly jwks?: JwksOptions;
  /** Issuers that publish no usable key, by name: `GET /unusable/<name>`. */
  readonly unusableIssuers?: Readonly<Record<string, string>>;
  /** An issuer that never answers: `GET /timeout`, which waits {@link TIMEOUT_MS} for it. */
  readonly hangingIssuer?: string;
  /** Issuers whose key sets go stale fast ({@link SHORT_JWKS}), by name: `GET /short/<name>`. */
  readonly shortIssuers?: Readonly<Record<string, string>>;
  /** The HMAC secret of `GET /hmac` (HS256 only). */
  readonly hmacSecret?: string;
  /** A second trusted issuer, beside the main one on `GET /multi`, `/multi-orders`, `/tenants`. */
  readonly secondIssuer?: string;
  /** The resource server's private key for `GET /encrypted` (RSA-OAEP-256). */
  readonly decryptionJwk?: JWK;
  /** A Keycloak-shaped issuer (`{url}/realms/{realm}`) behind the preset on `GET /keycloak`. */
  readonly keycloak?: { readonly url: string; readonly realm: string };
  /**
   * An origin whose `{origin}/tenants/{uuid}` issuers `GET /churn` admits by pattern (besides
   * `secondIssuer`), with a new-issuer fetch budget of {@link CHURN_BUDGET}.
   */
  readonly churnOrigin?: string;
  /**
   * An issuer whose opaque tokens are introspected (RFC 7662; oidc-provider), and the API's
   * client there: `GET /introspect`, `/introspect-live`, `/introspect-audience`,
   * `/introspect-dpop` and `/introspect-flaky`.
   */
  readonly introspection?: {
    readonly issuer: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
}

/** The client `GET /keycloak` accepts tokens of (`azp`). */
export const KEYCLOAK_CLIENT = 'web';

/** The claim `GET /tenants` requires of the second issuer's tokens, and its value. */
export const TENANT_CLAIM = ['tid', 'tenant-2'] as const;

/** Where `GET /roles-by-issuer` reads each issuer's roles (its guard requires `admin`). */
export const ROLES_BY_ISSUER = { main: 'roles', second: 'groups' } as const;

/** `GET /churn`'s budget of fetches per minute for issuers no token has verified yet. */
export const CHURN_BUDGET = 4;

/** The origin clients use, as `GET /dpop-public` is told (`binding.publicOrigin`): no Host is read. */
export const DPOP_PUBLIC_ORIGIN = 'https://api.example.com';

/** How long `/timeout` waits for its issuer, in milliseconds. */
export const TIMEOUT_MS = 300;

/** Key set timings of the `/short/<name>` routes: stale after a second, no grace beyond one more. */
export const SHORT_JWKS: JwksOptions = {
  cacheMaxAge: 1000,
  cooldownDuration: 1000,
  staleIfError: 1000,
};

/** The longest wait of `GET /introspect-flaky` before its endpoint is tried again, in milliseconds. */
export const INTROSPECTION_RETRY_MS = 300;

/** The audience `GET /introspect-audience` requires: not the one the provider's tokens carry. */
export const OTHER_AUDIENCE = 'https://other-api.example.test';

/** The claim `GET /claim` requires, and its value. */
export const REQUIRED_CLAIM = ['tenant', 'acme'] as const;

/**
 * The predicates of `GET /policy/<name>`, each the condition of `claim(REQUIRED_CLAIM[0], …)`.
 * Only `true` allows (issue 19 §3: a `claim()` that ignored its predicate's answer let
 * every token carrying the claim through), so only `equal` ever passes.
 */
export const CLAIM_PREDICATES = {
  equal: (value: unknown) => value === REQUIRED_CLAIM[1],
  throws: (): boolean => {
    throw new Error('policy predicate failed');
  },
  // A truthy answer that is not `true`, as an untyped predicate could give.
  truthy: async (value: unknown) => value as boolean,
} as const;

/** The cookie `GET /cookie` reads the token from. */
export const TOKEN_COOKIE = 'access_token';

/** The `jwtAuth` options a route uses: the same in every adapter. */
export type RouteAuthOptions = OwnVerifierOptions;

/** An adapter's guards, as the route table applies them. */
export interface Guards<M> {
  requireScope(scope: string): M;
  requireRole(role: string): M;
  requireClaim(path: string, value: string): M;
  requireAuthLevel(level: { acr?: string[]; maxAge?: number }): M;
  requirePolicy(policy: Policy): M;
}

/** What `GET /step-up` asks of the user's authentication (RFC 9470). */
export const STEP_UP = { acr: ['urn:example:mfa'], maxAge: 300 };

/** The protected-resource metadata every app serves (RFC 9728), named by `GET /meta`'s challenges. */
export const RESOURCE_METADATA = {
  resource: 'https://api.example.test/meta',
  authorizationServers: ['https://id.example.test/'],
  scopesSupported: ['read:orders'],
};

/** The header a trusted TLS-terminating proxy puts the client certificate in (RFC 9440). */
export const CERTIFICATE_HEADER = 'client-cert';

/** Where that metadata is, as challenges name it. */
export const RESOURCE_METADATA_URL =
  'https://api.example.test/.well-known/oauth-protected-resource/meta';

/** One route of every conformance app. */
export interface Route {
  readonly method: 'get' | 'post';
  readonly path: string;
  /** The handler's name, as its body reports it. */
  readonly handler: string;
  /** Routes given the same object share one middleware, hence one verifier and its cache. */
  readonly auth: RouteAuthOptions;
  readonly guard?: <M>(guards: Guards<M>) => M;
  /** Parse an `application/x-www-form-urlencoded` body before `jwtAuth`. */
  readonly form?: boolean;
}

/**
 * The routes behind `jwtAuth` (besides `GET /public`, which every app serves without it).
 *
 * @example
 * ```ts
 * for (const route of conformanceRoutes(config)) app[route.method](route.path, ...);
 * ```
 */
export function conformanceRoutes(config: AppConfig): readonly Route[] {
  const { issuer, audience } = config;
  const main: RouteAuthOptions = { issuer, audience, jwks: config.jwks };
  const own = (handler: string, auth: RouteAuthOptions, extra: Partial<Route> = {}): Route => ({
    method: 'get',
    path: `/${handler}`,
    handler,
    auth,
    ...extra,
  });
  const byName = (
    prefix: string,
    issuers: Readonly<Record<string, string>> | undefined,
    jwks?: JwksOptions,
  ) =>
    Object.entries(issuers ?? {}).map(([name, url]) =>
      own(`${prefix}/${name}`, { issuer: url, audience, jwks }),
    );
  return [
    own('me', main),
    own('me', main, { method: 'post', form: true }),
    own('orders', main, { guard: (g) => g.requireScope('read:orders') }),
    own('admin', main, { guard: (g) => g.requireRole('admin') }),
    own('claim', main, { guard: (g) => g.requireClaim(...REQUIRED_CLAIM) }),
    ...Object.entries(CLAIM_PREDICATES).map(([name, predicate]) =>
      own(`policy/${name}`, main, {
        guard: (g) => g.requirePolicy(claim(REQUIRED_CLAIM[0], predicate)),
      }),
    ),
    own('rotation', { issuer, audience }),
    own('down', { issuer: config.downIssuer, audience }),
    own('optional', { issuer, audience, credentialsRequired: false }),
    own('query', { issuer, audience, token: { fromQuery: true } }),
    own(
      'form',
      { issuer, audience, token: { fromFormBody: true } },
      { method: 'post', form: true },
    ),
    own('cookie', { issuer, audience, token: { fromCookie: TOKEN_COOKIE } }),
    own('at-jwt', { issuer, audience, requireAtJwt: true }),
    own('max-age', { issuer, audience, maxTokenAge: 60 }),
    ...(config.hmacSecret === undefined
      ? []
      : [own('hmac', { issuer, audience, secret: config.hmacSecret, algorithms: ['HS256'] })]),
    ...(config.hangingIssuer === undefined
      ? []
      : [
          own('timeout', {
            issuer: config.hangingIssuer,
            audience,
            jwks: { timeoutDuration: TIMEOUT_MS },
          }),
        ]),
    ...severalIssuerRoutes(config, own),
    own('rfc9068', { issuer, audience, profile: 'rfc9068' }),
    own('step-up', main, { guard: (g) => g.requireAuthLevel(STEP_UP) }),
    own('meta', { issuer, audience, challenge: { resourceMetadata: RESOURCE_METADATA_URL } }),
    own('dpop', { issuer, audience, binding: { dpop: {} } }),
    own('dpop-only', { issuer, audience, binding: { dpop: { required: true } } }),
    own('dpop-nonce', { issuer, audience, binding: { dpop: { nonce: true } } }),
    own('dpop-public', {
      issuer,
      audience,
      binding: { dpop: {}, publicOrigin: DPOP_PUBLIC_ORIGIN },
    }),
    own('mtls-header', {
      issuer,
      audience,
      binding: { mtls: { certificateHeader: CERTIFICATE_HEADER } },
    }),
    ...churnRoutes(config, own),
    ...introspectionRoutes(config, own),
    ...byName('unusable', config.unusableIssuers),
    ...byName('short', config.shortIssuers, SHORT_JWKS),
  ];
}

// Several issuers: a list (one verifier behind two routes), a resolver with a claim rule
// for one tenant, and encrypted tokens.
function severalIssuerRoutes(
  config: AppConfig,
  own: (handler: string, auth: RouteAuthOptions, extra?: Partial<Route>) => Route,
): Route[] {
  const { issuer, audience, secondIssuer, decryptionJwk } = config;
  // A preset's options are ordinary options: the route passes them to jwtAuth as they are.
  const routes: Route[] = [];
  if (secondIssuer !== undefined) {
    const both: RouteAuthOptions = { issuer: [issuer, secondIssuer], audience };
    const tenants: RouteAuthOptions = {
      audience,
      issuer: (iss) => {
        if (iss === issuer) return {};
        if (iss === secondIssuer) return { claims: { [TENANT_CLAIM[0]]: TENANT_CLAIM[1] } };
        return undefined;
      },
    };
    // Issue 19 §1.3: the mistake the docs warn against, a resolver matching by prefix. The
    // URL policy still refuses an `iss` with userinfo before anything is fetched.
    const origin = new URL(issuer).origin;
    const byPrefix: RouteAuthOptions = {
      audience,
      issuer: (iss) => (iss.startsWith(origin) ? {} : undefined),
    };
    // Issue 19 §1.7: each issuer's roles where it puts them, whatever the order of requests.
    const rolesByIssuer: RouteAuthOptions = {
      audience,
      issuer: async (iss) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3)));
        if (iss === issuer) return { rolesClaim: ROLES_BY_ISSUER.main };
        if (iss === secondIssuer) return { rolesClaim: ROLES_BY_ISSUER.second };
        return undefined;
      },
    };
    routes.push(
      own('multi', both),
      own('multi-orders', both, { guard: (g) => g.requireScope('read:orders') }),
      own('tenants', tenants),
      own('prefix-tenants', byPrefix),
      own('roles-by-issuer', rolesByIssuer, { guard: (g) => g.requireRole('admin') }),
    );
  }
  if (decryptionJwk !== undefined) {
    routes.push(own('encrypted', { issuer, audience, decryption: { keys: [decryptionJwk] } }));
  }
  if (config.keycloak !== undefined) {
    const keycloak = presets.keycloak({ ...config.keycloak, audience, clientId: KEYCLOAK_CLIENT });
    routes.push(own('keycloak', keycloak, { guard: (g) => g.requireRole('admin') }));
  }
  return routes;
}

// Issue 19 §1.1: a resolver that admits issuers by pattern, as multi-tenant presets do. Junk
// tokens naming fresh tenants cost at most the budget and get 401; the second issuer, once
// it has verified a token, keeps its keys whatever the flood.
function churnRoutes(
  config: AppConfig,
  own: (handler: string, auth: RouteAuthOptions) => Route,
): Route[] {
  const { churnOrigin, secondIssuer, audience } = config;
  if (churnOrigin === undefined || secondIssuer === undefined) return [];
  const escaped = churnOrigin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tenant = new RegExp(`^${escaped}/tenants/[0-9a-f-]{36}$`);
  const churn: RouteAuthOptions = {
    audience,
    issuer: (iss) => (iss === secondIssuer || tenant.test(iss) ? {} : undefined),
    maxIssuers: 4,
    jwks: { newIssuerFetchesPerMinute: CHURN_BUDGET },
  };
  return [own('churn', churn)];
}

// RFC 7662: the provider's opaque tokens introspected, its JWTs verified locally, on one
// verifier; answers cached (`/introspect`) or asked each time (`/introspect-live`, for
// revocation), held to another audience, bound by DPoP, and an endpoint that goes down.
function introspectionRoutes(
  config: AppConfig,
  own: (handler: string, auth: RouteAuthOptions) => Route,
): Route[] {
  if (config.introspection === undefined) return [];
  const { issuer, ...client } = config.introspection;
  const { audience } = config;
  const at = (introspection: object, more: Partial<RouteAuthOptions> = {}): RouteAuthOptions => ({
    audience,
    issuer: [{ issuer, introspection: { ...client, ...introspection } }],
    ...more,
  });
  return [
    own('introspect', at({})),
    own('introspect-live', at({ cacheMaxAge: 0 })),
    own('introspect-audience', at({}, { audience: OTHER_AUDIENCE })),
    own('introspect-dpop', at({}, { binding: { dpop: {} } })),
    own('introspect-flaky', at({ cacheMaxAge: 0, maxRetryDelay: INTROSPECTION_RETRY_MS })),
  ];
}

/**
 * One middleware per distinct options object, so routes that share options share a verifier.
 *
 * @example
 * ```ts
 * const authFor = sharedMiddleware(jwtAuth);
 * ```
 */
export function sharedMiddleware<M>(create: (options: RouteAuthOptions) => M) {
  const made = new Map<RouteAuthOptions, M>();
  return (options: RouteAuthOptions): M => {
    const known = made.get(options);
    if (known !== undefined) return known;
    const middleware = create(options);
    made.set(options, middleware);
    return middleware;
  };
}

/** Body of a route whose handler ran; `sub` is `null` when no token came (optional auth). */
export const handled = (handler: string, sub: unknown) =>
  JSON.stringify({ handler, sub: sub ?? null });
