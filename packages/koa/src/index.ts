/**
 * JWT bearer-token authentication for Koa: read the request, call core, set
 * `ctx.state.auth`, continue or throw. Koa's default error handler answers the thrown
 * error with its `status`, `headers` (the `WWW-Authenticate` challenge) and, as `expose`
 * allows, its message. The middleware is core's, lifted here.
 */
import * as core from '@jwt-guard/core/adapter';
import type { Context, Middleware, Next, ParameterizedContext } from 'koa';

/** Options of {@link jwtAuth}; `token.get` receives the Koa context. */
export type JwtAuthOptions = core.AuthenticatorOptions<Context>;

/** The state `jwtAuth` adds downstream: `ctx.state.auth`. */
export interface AuthState<Auth = core.AuthInfo> {
  auth: Auth;
}
/** The state `jwtAuth` adds downstream, with your claims type. */
export interface AuthenticatedState<Claims extends object = core.AuthInfo['payload']> {
  auth: core.AuthInfo<Claims>;
}
/** The context of a request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedContext<Claims extends object = core.AuthInfo['payload']> =
  ParameterizedContext<AuthenticatedState<Claims>>;
/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = core.AuthInfo['payload']> = (
  ctx: AuthenticatedContext<Claims>,
  next: Next,
) => unknown;

// `ctx.req` is Node's IncomingMessage. `ctx.protocol` and `ctx.host` honour Koa's
// `app.proxy`; `ctx.host` drops a userinfo that core must see to refuse, so it is read only
// for a trusted proxy's X-Forwarded-Host, or for HTTP/2's :authority where no Host came.
const nodeRequest: core.NodeRequestLifting<Context> = {
  incoming: (ctx) => ctx.req,
  body: (ctx) => (ctx.request as { body?: unknown }).body,
  address: (ctx) => ({
    scheme: ctx.protocol,
    host: ctx.app.proxy ? ctx.host : (ctx.req.headers.host ?? ctx.host),
    target: ctx.originalUrl,
  }),
};

type GuardMiddleware = Middleware<Partial<AuthState>>;
// Not an async function: a step that returns at once costs no promise of ours. Koa turns a
// synchronous throw into the same rejection.
const lifted = core.liftFramework<Context, GuardMiddleware>({
  step: (run) => (ctx, next) => {
    const done = run(ctx as Context);
    return done instanceof Promise ? done.then(() => next()) : next();
  },
  auth: (ctx) => ctx.state.auth,
  attach: (ctx, auth) => {
    ctx.state.auth = auth;
  },
  policyRequest: (ctx) => {
    const { method, path, headers } = ctx;
    return { method, path, params: (ctx as { params?: unknown }).params ?? {}, headers };
  },
});

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
): Middleware<AuthState<core.AuthInfo | undefined>>;
export function jwtAuth(options: JwtAuthOptions): Middleware<AuthState>;
export function jwtAuth(options: JwtAuthOptions): Middleware<AuthState> {
  const plan = core.prepareAuthenticator<Context>(options, (ctx, wanted) =>
    core.readNodeRequest(ctx, wanted, nodeRequest),
  );
  return lifted.authenticate(() => plan) as Middleware<AuthState>;
}

/**
 * The guards as route middleware (see `GuardMiddlewares`): `requireScope(...scopes)`
 * (all of them), `requireRole(...roles)` (any of them), `requireClaim(path, expected)`,
 * `requireAuthLevel({ acr, maxAge })`. A refusal is thrown.
 */
export const {
  requireScope,
  requireRole,
  requireClaim,
  requireAuthLevel,
}: core.GuardMiddlewares<GuardMiddleware> = lifted.guards;

/** Koa types no route params: a policy's middleware is the same for all. */
interface PolicyMiddleware extends core.MiddlewareType {
  readonly middleware: GuardMiddleware;
}

/**
 * `requirePolicy(policy)` and `protectedResourceMetadata(options)` (see
 * `RouteMiddlewares`): a policy sees `ctx.method`, `ctx.path`, `ctx.params` (set by
 * `@koa/router`; `{}` without a router) and `ctx.headers`; a refusal is thrown.
 */
export const {
  requirePolicy,
  protectedResourceMetadata,
}: core.RouteMiddlewares<
  PolicyMiddleware,
  Record<string, string>,
  Middleware
> = core.createRouteMiddlewares({
  policy: lifted.policy,
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
 * Wraps `handler` as Koa middleware whose `ctx.state.auth` is `AuthInfo<Claims>` (a type,
 * not a check), run only with a verified token (else a 401 `ERR_NO_TOKEN` is thrown, as
 * the guards answer).
 *
 * @example
 * ```ts
 * router.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((ctx) => { ctx.body = ctx.state.auth.payload.tenant; }));
 * ```
 */
export function authenticated<Claims extends object = core.AuthInfo['payload']>(
  handler: AuthenticatedHandler<Claims>,
): Middleware<Partial<AuthenticatedState>> {
  return async (ctx, next) => {
    lifted.authOf(ctx as Context);
    await handler(ctx as unknown as AuthenticatedContext<Claims>, next);
  };
}

/**
 * Middleware that answers every `JwtGuardError` thrown downstream with its status, headers
 * and a short text body, as Koa's default handler does, but without logging it: Koa logs
 * the stack of an error whose `expose` is false, so a 503 printed one per request during an
 * identity-provider outage. Every other error goes on to Koa. Put it first.
 *
 * @example
 * ```ts
 * app.use(jwtErrorHandler());
 * app.use(jwtAuth({ issuer, audience }));
 * ```
 */
export function jwtErrorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof core.JwtGuardError)) throw error;
      const { status, headers, body } = core.toErrorResponse(error);
      ctx.status = status;
      ctx.set(headers);
      ctx.body = body;
    }
  };
}

export * from '@jwt-guard/core/app';
export { type TokenEndpointsOptions, tokenEndpoints } from './token-endpoints.js';
