/**
 * JWT bearer-token authentication for Koa: core's middleware lifted over one Koa step. A refusal
 * is thrown, for Koa's error handling (or `jwtErrorHandler`) to answer with its challenge.
 */
import * as core from '@jwt-guard/core/adapter';
import * as issuer from '@jwt-guard/issuer';
import type { Context, Middleware, Next, ParameterizedContext } from 'koa';

/** Options of {@link jwtAuth}; `token.get` receives the Koa context. */
export type JwtAuthOptions = core.AuthenticatorOptions<Context>;
type Payload = core.AuthInfo['payload'];

/** The state `jwtAuth` adds downstream: `ctx.state.auth`. */
export type AuthState<Auth = core.AuthInfo> = { auth: Auth };
/** The state `jwtAuth` adds downstream, with your claims type. */
export type AuthenticatedState<Claims extends object = Payload> = AuthState<core.AuthInfo<Claims>>;
/** The context of a request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedContext<Claims extends object = Payload> = ParameterizedContext<
  AuthenticatedState<Claims>
>;
/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = Payload> = (
  ctx: AuthenticatedContext<Claims>,
  next: Next,
) => unknown;

// `ctx.protocol` and `ctx.host` honour `app.proxy`; `ctx.host` drops a userinfo core must see to
// refuse, so it is read only for a trusted X-Forwarded-Host, or HTTP/2's :authority alone.
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
const send = (ctx: Context, { status, headers, body }: ReturnType<typeof core.toErrorResponse>) => {
  ctx.status = status;
  ctx.set(headers);
  ctx.body = body;
};
// A refusal leaves as the JwtGuardError it is (Koa, or `jwtErrorHandler`, answers it from
// its status and headers): core's throwing step, with no exception of Koa's to make.
const lifted = core.liftFramework<Context, GuardMiddleware>({
  step: core.throwingStep<Context, Next>(),
  auth: (ctx) => ctx.state.auth,
  attach: (ctx, auth) => {
    ctx.state.auth = auth;
  },
  policyRequest: (ctx) => {
    const { method, path, headers } = ctx;
    return { method, path, params: (ctx as { params?: unknown }).params ?? {}, headers };
  },
});

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Koa context. */
export type TokenEndpointsOptions = issuer.TokenEndpointsOptions<Context>;

// Never `ctx.cookies`: it refuses a Secure cookie over plain http (browser mode on localhost).
// Koa types a string body text itself (and drops a 204's): only the answer's type may stand.
const answerOn = (ctx: Context): issuer.EndpointWriter => ({
  status: (code) => {
    ctx.status = code;
  },
  append: (name, value) => ctx.append(name, value),
  end: (body) => {
    const typed = ctx.res.hasHeader('Content-Type');
    ctx.body = body;
    if (!typed) ctx.remove('Content-Type');
  },
});

/** Koa types no route params: a policy's middleware is the same for all. */
interface PolicyMiddleware extends core.MiddlewareType {
  readonly middleware: GuardMiddleware;
}
/** Koa types a handler by its claims. */
interface KoaHandler {
  readonly claims: unknown;
  readonly handler: AuthenticatedHandler<Extract<this['claims'], object>>;
}
type KoaMiddlewares = core.JwtAuthMiddleware<
  JwtAuthOptions,
  Middleware<AuthState>,
  Middleware<AuthState<core.AuthInfo | undefined>>
> &
  core.GuardMiddlewares<GuardMiddleware> &
  core.RouteMiddlewares<PolicyMiddleware, Record<string, string>, Middleware> &
  core.AuthenticatedMiddleware<KoaHandler, Middleware<Partial<AuthenticatedState>>> &
  core.ErrorHandlerMiddleware<Middleware> &
  issuer.NodeTokenEndpoints<Context, Middleware>;

/**
 * Koa's middleware, each documented on its interface in core (`JwtAuthMiddleware`,
 * `GuardMiddlewares`, `RouteMiddlewares`, `AuthenticatedMiddleware`, `ErrorHandlerMiddleware`).
 * `jwtAuth` sets `ctx.state.auth`. A policy sees `ctx.method`, `ctx.path`, `ctx.params` (set by
 * `@koa/router`; `{}` without a router) and `ctx.headers`. A refusal is thrown, and
 * `jwtErrorHandler`, put first, answers it without Koa's stack log. `tokenEndpoints` is
 * documented on `NodeTokenEndpoints` in `@jwt-guard/issuer`.
 */
export const {
  jwtAuth,
  requireScope,
  requireRole,
  requireClaim,
  requireAuthLevel,
  requirePolicy,
  protectedResourceMetadata,
  authenticated,
  jwtErrorHandler,
  tokenEndpoints,
}: KoaMiddlewares = {
  jwtAuth: (options: JwtAuthOptions) => {
    const plan = core.prepareAuthenticator<Context>(options, (ctx, wanted) =>
      core.readNodeRequest(ctx, wanted, nodeRequest),
    );
    // Typed as the optional one, which also serves where a token is required.
    return lifted.authenticate(() => plan) as Middleware<AuthState<core.AuthInfo | undefined>>;
  },
  ...lifted.guards,
  ...core.createRouteMiddlewares<PolicyMiddleware, Record<string, string>, Middleware>({
    policy: lifted.policy,
    metadata: (answerTo) => (ctx, next) => {
      const answer = answerTo(ctx.method, ctx.path);
      return answer ? Promise.resolve(send(ctx, answer)) : next();
    },
  }),
  authenticated: (handler) => async (ctx, next) => {
    lifted.authOf(ctx as Context);
    await handler(ctx as never, next);
  },
  jwtErrorHandler: () => (ctx, next) =>
    next().catch((error: unknown) => {
      if (!(error instanceof core.JwtGuardError)) throw error;
      send(ctx, core.toErrorResponse(error));
    }),
  ...issuer.liftNodeTokenEndpoints<Context, Middleware>({
    incoming: (ctx) => ctx.req,
    path: (ctx) => ctx.path,
    parsedBody: (ctx) => (ctx.request as { body?: unknown }).body,
    middleware: (serve) => (ctx, next) => serve(ctx, answerOn(ctx)) ?? next(),
  }),
};

export * from '@jwt-guard/core/app';
