/**
 * JWT bearer-token authentication for Koa: read the request, call core, set
 * `ctx.state.auth`, continue or throw. Koa's default error handler answers the thrown
 * error with its `status`, `headers` (the `WWW-Authenticate` challenge) and, as `expose`
 * allows, its message.
 */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  authorizationFromRawHeaders,
  createAuthenticator,
  createGuardMiddlewares,
  type Guard,
  type GuardMiddlewares,
} from '@jwt-guard/core/adapter';
import type { Context, Middleware } from 'koa';

/** Options of {@link jwtAuth}; `getToken` receives the Koa context. */
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
  const authenticator = createAuthenticator<Context>(options, (ctx, wanted) => ({
    // rawHeaders keeps a duplicated Authorization field that ctx.headers drops.
    authorization: authorizationFromRawHeaders(ctx.req.rawHeaders),
    query: ctx.url,
    formBody: wanted.formBody ? (ctx.request as { body?: unknown }).body : undefined,
    contentType: wanted.formBody ? ctx.get('content-type') : undefined,
    cookie: wanted.cookie ? ctx.get('cookie') : undefined,
  }));
  // Not an async function: a token the cache answers costs no promise of ours. Koa turns
  // a synchronous throw into the same rejection.
  return (ctx, next) => {
    const auth = authenticator.authenticateMaybeSync(ctx);
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

const lift =
  (guard: Guard): Middleware<Partial<AuthState>> =>
  (ctx, next) => {
    guard(ctx.state.auth);
    return next();
  };

/**
 * The guards as route middleware: `requireScope(...scopes)` (all of them),
 * `requireRole(...roles)` (any of them), `requireClaim(path, valueOrPredicate)`.
 * A failed guard answers 403 `insufficient_scope`; a request without a verified token, 401.
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
}: GuardMiddlewares<Middleware<Partial<AuthState>>> = createGuardMiddlewares(lift);

export type {
  AuthInfo,
  ClaimChecks,
  DecryptionOptions,
  IssuerConfig,
  IssuerResolver,
  JwtGuardError,
  PresetOptions,
} from '@jwt-guard/core/adapter';
/** Options for real identity providers: `jwtAuth(presets.auth0({ domain, audience }))`. */
export { presets } from '@jwt-guard/core/adapter';
