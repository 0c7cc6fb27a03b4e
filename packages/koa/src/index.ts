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
  createGuardMiddlewares,
  createRouteMiddlewares,
  type Guard,
  type GuardMiddlewares,
  type MiddlewareType,
  type NodeRequestLifting,
  type PolicyCheck,
  prepareAuthenticator,
  type RouteMiddlewares,
  readNodeRequest,
} from '@jwt-guard/core/adapter';
import type { Context, Middleware } from 'koa';

/** Options of {@link jwtAuth}; `token.get` receives the Koa context. */
export type JwtAuthOptions = AuthenticatorOptions<Context>;

/** The state `jwtAuth` adds downstream: `ctx.state.auth`. */
export interface AuthState<Auth = AuthInfo> {
  auth: Auth;
}

// `ctx.req` is Node's IncomingMessage. `ctx.protocol` and `ctx.host` honour Koa's
// `app.proxy`; `ctx.host` drops a userinfo that core must see to refuse, so it is read only
// for a trusted proxy's X-Forwarded-Host, or for HTTP/2's :authority where no Host came.
const nodeRequest: NodeRequestLifting<Context> = {
  incoming: (ctx) => ctx.req,
  body: (ctx) => (ctx.request as { body?: unknown }).body,
  address: (ctx) => ({
    scheme: ctx.protocol,
    host: ctx.app.proxy ? ctx.host : (ctx.req.headers.host ?? ctx.host),
    target: ctx.originalUrl,
  }),
};

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
  const plan = prepareAuthenticator<Context>(options, (ctx, wanted) =>
    readNodeRequest(ctx, wanted, nodeRequest),
  );
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

type GuardMiddleware = Middleware<Partial<AuthState>>;
const lift =
  (guard: Guard): GuardMiddleware =>
  (ctx, next) => {
    guard(ctx.state.auth);
    return next();
  };

/**
 * The guards as route middleware (see {@link GuardMiddlewares}): `requireScope(...scopes)`
 * (all of them), `requireRole(...roles)` (any of them), `requireClaim(path, expected)`,
 * `requireAuthLevel({ acr, maxAge })`. A refusal is thrown.
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
}: GuardMiddlewares<GuardMiddleware> = createGuardMiddlewares(lift);

/** Koa types no route params: a policy's middleware is the same for all. */
interface PolicyMiddleware extends MiddlewareType {
  readonly middleware: GuardMiddleware;
}

/**
 * `requirePolicy(policy)` and `protectedResourceMetadata(options)` (see
 * {@link RouteMiddlewares}): a policy sees `ctx.method`, `ctx.path`, `ctx.params` (set by
 * `@koa/router`; `{}` without a router) and `ctx.headers`; a refusal is thrown.
 *
 * @example
 * ```ts
 * app.use(protectedResourceMetadata({ resource: 'https://api.example.com', authorizationServers: [issuer] }));
 * router.get('/users/:userId', auth, requirePolicy(hasAnyRole('support')), readUser);
 * ```
 */
export const {
  requirePolicy,
  protectedResourceMetadata,
}: RouteMiddlewares<PolicyMiddleware, Record<string, string>, Middleware> = createRouteMiddlewares({
  policy:
    <Params>(check: PolicyCheck<Params>): GuardMiddleware =>
    async (ctx, next) => {
      const { method, path, headers } = ctx;
      const params = ((ctx as { params?: Params }).params ?? {}) as Params;
      await check(ctx.state.auth, { method, path, params, headers });
      await next();
    },
  metadata: (answerTo) => (ctx, next) => {
    const answer = answerTo(ctx.method, ctx.path);
    if (!answer) return next();
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
    return Promise.resolve();
  },
});

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
