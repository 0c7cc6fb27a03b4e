/**
 * JWT bearer-token authentication for Koa: read the request, call core, set
 * `ctx.state.auth`, continue or throw. Koa's default error handler answers the thrown
 * error with its `status`, `headers` (the `WWW-Authenticate` challenge) and, as `expose`
 * allows, its message.
 */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  authenticateRequest,
  authorizationFromRawHeaders,
  createGuardMiddlewares,
  createPolicyCheck,
  type Guard,
  type GuardMiddlewares,
  headerValuesFromRawHeaders,
  metadataResponse,
  type PolicyLike,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
  prepareAuthenticator,
  protectedResourceMetadata as prepareMetadata,
  readClientCertificate,
  type TokenSources,
  type WantedSources,
} from '@jwt-guard/core/adapter';
import type { Context, Middleware } from 'koa';

/** Options of {@link jwtAuth}; `token.get` receives the Koa context. */
export type JwtAuthOptions = AuthenticatorOptions<Context>;

/** The state `jwtAuth` adds downstream: `ctx.state.auth`. */
export interface AuthState<Auth = AuthInfo> {
  auth: Auth;
}

/**
 * Verifies the bearer token and sets `ctx.state.auth = { payload, header, token }`.
 * Typed so that `app.use(jwtAuth(...))` makes `ctx.state.auth` known downstream.
 *
 * @example
 * ```ts
 * app.use(jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' }));
 * app.use((ctx) => { ctx.body = { sub: ctx.state.auth.payload.sub }; });
 * ```
 */
export function jwtAuth(
  options: JwtAuthOptions & { credentialsRequired: false },
): Middleware<AuthState<AuthInfo | undefined>>;
export function jwtAuth(options: JwtAuthOptions): Middleware<AuthState>;
export function jwtAuth(options: JwtAuthOptions): Middleware<AuthState> {
  const plan = prepareAuthenticator<Context>(options, (ctx, wanted) => {
    const sources: TokenSources = {
      // rawHeaders keeps a duplicated Authorization field that ctx.headers drops.
      authorization: authorizationFromRawHeaders(ctx.req.rawHeaders),
      query: ctx.url,
      formBody: wanted.formBody ? (ctx.request as { body?: unknown }).body : undefined,
      contentType: wanted.formBody ? ctx.get('content-type') : undefined,
      cookie: wanted.cookie ? ctx.get('cookie') : undefined,
    };
    return wanted.dpop || wanted.certificate ? withBindingSources(ctx, wanted, sources) : sources;
  });
  // Not an async function: a token the cache answers costs no promise of ours. Koa turns
  // a synchronous throw into the same rejection.
  return (ctx, next) => {
    const auth = authenticateRequest(plan, ctx);
    if (auth instanceof Promise) {
      return auth.then((found) => {
        if (found) ctx.state.auth = found;
        return next();
      });
    }
    if (auth) ctx.state.auth = auth;
    return next();
  };
}

// What sender-constrained tokens need besides the token: the method, how the request was
// addressed (`ctx.protocol` and `ctx.host` honour Koa's `app.proxy`), the DPoP header(s), the
// certificate.
function withBindingSources(ctx: Context, wanted: WantedSources, sources: TokenSources) {
  const header = wanted.certificateHeader;
  return {
    ...sources,
    method: ctx.method,
    // Raw: core checks the Host and builds the URL. `ctx.host` drops a userinfo that core
    // must see to refuse; it is read only for a trusted proxy's X-Forwarded-Host, or for
    // HTTP/2's :authority where no Host came.
    address: {
      scheme: ctx.protocol,
      host: ctx.app.proxy ? ctx.host : (ctx.req.headers.host ?? ctx.host),
      target: ctx.originalUrl,
    },
    dpop: wanted.dpop ? headerValuesFromRawHeaders(ctx.req.rawHeaders, 'dpop') : undefined,
    certificate: wanted.certificate
      ? readClientCertificate(header !== undefined, {
          header: header === undefined ? undefined : ctx.req.headers[header],
          socket: ctx.req.socket,
        })
      : undefined,
  };
}

const lift =
  (guard: Guard): Middleware<Partial<AuthState>> =>
  (ctx, next) => {
    guard(ctx.state.auth);
    return next();
  };

/**
 * The guards as route middleware: `requireScope(...scopes)` (all of them),
 * `requireRole(...roles)` (any of them), `requireClaim(path, valueOrPredicate)`, and
 * `requireAuthLevel({ acr, maxAge })` for step-up (RFC 9470: 401
 * `insufficient_user_authentication`). A failed permission guard answers 403
 * `insufficient_scope`; a request without a verified token, 401.
 *
 * @example
 * ```ts
 * app.get('/orders', requireScope('read:orders'), listOrders);
 * ```
 */
export const {
  requireScope,
  requireRole,
  requireClaim,
  requireAuthLevel,
}: GuardMiddlewares<Middleware<Partial<AuthState>>> = createGuardMiddlewares(lift);

/**
 * Route middleware that lets a request through only when `policy` allows it: a policy built
 * with `allOf`, `anyOf`, `not`, `hasScopes`, `hasAnyRole`, `claim` (from `@jwt-guard/core`), or
 * a predicate `(auth, request) => boolean | Promise<boolean>`. The request it sees is
 * `{ method, path, params, headers }` from `ctx.method`, `ctx.path`, `ctx.params` (set by
 * `@koa/router`; `{}` without a router) and `ctx.headers`. A refusal is thrown: 403
 * `insufficient_scope` (`ERR_INSUFFICIENT_SCOPE` naming scopes, else `ERR_POLICY_DENIED`; a
 * throwing predicate is refused too), or 401 without a verified token.
 *
 * Typing: Koa does not type route params, so `Params` and `Claims` come from a typed policy
 * (`allOf<{ userId: string }>(…)`) or are given: `requirePolicy<{ tenantId: string }, { tid: string }>(…)`.
 *
 * @example
 * ```ts
 * router.get('/users/:userId', auth, requirePolicy<{ userId: string }>(anyOf((auth, req) => auth.payload.sub === req.params.userId, hasAnyRole('support'))), readUser);
 * ```
 */
export function requirePolicy<
  Params = Record<string, string>,
  // The claims of a default `AuthInfo` (jose's JWTPayload), named without importing jose.
  Claims extends object = AuthInfo['payload'],
>(policy: PolicyLike<Params, Claims>): Middleware<Partial<AuthState>> {
  const check = createPolicyCheck(policy);
  return async (ctx, next) => {
    const { method, path, headers } = ctx;
    // `@koa/router` sets `ctx.params`; Koa itself knows no route parameters.
    const params = ((ctx as { params?: Params }).params ?? {}) as Params;
    const auth = ctx.state.auth as AuthInfo<Claims> | undefined;
    await check(auth, { method, path, params, headers });
    await next();
  };
}

/**
 * Serves the API's protected-resource metadata (RFC 9728) at
 * `/.well-known/oauth-protected-resource` (plus the resource's path), and goes on for every
 * other request. Its `url` is what `jwtAuth({ resourceMetadata })` names in challenges.
 *
 * @example
 * ```ts
 * const metadata = protectedResourceMetadata({ resource: 'https://api.example.com', authorizationServers: [issuer] });
 * app.use(metadata);
 * app.use(jwtAuth({ issuer, audience, resourceMetadata: metadata.url }));
 * ```
 */
export function protectedResourceMetadata(
  options: ProtectedResourceMetadataOptions,
): Middleware & { readonly url: string; readonly metadata: ProtectedResourceMetadata } {
  const metadata = prepareMetadata(options);
  const middleware: Middleware = (ctx, next) => {
    const answer = metadataResponse(metadata, ctx.method, ctx.path);
    if (!answer) return next();
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
    return Promise.resolve();
  };
  return Object.assign(middleware, { url: metadata.url, metadata });
}

/**
 * What an application needs besides the middleware (the error classes for `instanceof`,
 * `createVerifier`, policies, presets, stores, the token client, DPoP's nonces), from the
 * adapter's own import so that an app depends on this one package.
 */
export * from '@jwt-guard/core/app';
export { jwtErrorHandler } from './error-handler.js';
export { type TokenEndpointsOptions, tokenEndpoints } from './token-endpoints.js';
export {
  type AuthenticatedContext,
  type AuthenticatedHandler,
  type AuthenticatedState,
  authenticated,
} from './typed.js';
