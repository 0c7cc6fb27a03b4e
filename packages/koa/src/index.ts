/**
 * JWT bearer-token authentication for Koa: core's middleware lifted over one Koa step. A
 * refusal is thrown; Koa's default error handler answers it with its `status`, `headers` (the
 * `WWW-Authenticate` challenge) and, as `expose` allows, its message.
 */
import * as core from '@jwt-guard/core/adapter';
import * as issuer from '@jwt-guard/issuer';
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

/** Koa types no route params: a policy's middleware is the same for all. */
interface PolicyMiddleware extends core.MiddlewareType {
  readonly middleware: GuardMiddleware;
}
type Routes = core.RouteMiddlewares<PolicyMiddleware, Record<string, string>, Middleware>;

/**
 * The route middleware, documented in core's `GuardMiddlewares` and `RouteMiddlewares`. A
 * policy sees `ctx.method`, `ctx.path`, `ctx.params` (set by `@koa/router`; `{}` without a
 * router) and `ctx.headers`; a refusal is thrown.
 */
export const {
  requireScope,
  requireRole,
  requireClaim,
  requireAuthLevel,
  requirePolicy,
  protectedResourceMetadata,
}: core.GuardMiddlewares<GuardMiddleware> & Routes = {
  ...lifted.guards,
  ...core.createRouteMiddlewares<PolicyMiddleware, Record<string, string>, Middleware>({
    policy: lifted.policy,
    metadata: (answerTo) => (ctx, next) => {
      const answer = answerTo(ctx.method, ctx.path);
      if (!answer) return next();
      ctx.status = answer.status;
      ctx.set(answer.headers);
      ctx.body = answer.body;
      return Promise.resolve();
    },
  }),
};

/** Koa types a handler by its claims. */
interface KoaHandler {
  readonly claims: unknown;
  readonly handler: AuthenticatedHandler<Extract<this['claims'], object>>;
}
/** Wraps a handler typed as authenticated (see `AuthenticatedMiddleware`); a refusal is thrown. */
export const {
  authenticated,
}: core.AuthenticatedMiddleware<KoaHandler, Middleware<Partial<AuthenticatedState>>> = {
  authenticated: (handler) => async (ctx, next) => {
    lifted.authOf(ctx as Context);
    await handler(ctx as never, next);
  },
};

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
  return (ctx, next) =>
    next().catch((error: unknown) => {
      if (!(error instanceof core.JwtGuardError)) throw error;
      const { status, headers, body } = core.toErrorResponse(error);
      ctx.status = status;
      ctx.set(headers);
      ctx.body = body;
    });
}

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Koa context. */
export type TokenEndpointsOptions = issuer.TokenEndpointsOptions<Context>;

// Never `ctx.cookies`: its library refuses a Secure cookie on a plain-http connection, which
// would break browser mode on http://localhost. Koa gives a string body a text Content-Type
// of its own (and drops the body of a 204 itself): only the answer's may say what it is.
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

/** The token endpoints as middleware. See `NodeTokenEndpoints` in `@jwt-guard/issuer`. */
export const tokenEndpoints = issuer.liftNodeTokenEndpoints<Context, Middleware>({
  incoming: (ctx) => ctx.req,
  path: (ctx) => ctx.path,
  parsedBody: (ctx) => (ctx.request as { body?: unknown }).body,
  middleware: (serve) => (ctx, next) => serve(ctx, answerOn(ctx)) ?? next(),
}).tokenEndpoints;

export * from '@jwt-guard/core/app';
