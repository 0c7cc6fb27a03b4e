/**
 * JWT bearer-token authentication for Hono on every runtime (Node, Workers, Bun, Deno): core's
 * middleware lifted, `c.set('auth', …)`, and a refusal thrown as an `HTTPException`.
 */
import * as core from '@jwt-guard/core/adapter';
import * as realtime from '@jwt-guard/core/realtime';
import * as issuer from '@jwt-guard/issuer';
import { type Context, type Env, Hono, type MiddlewareHandler, type Next } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** Options of {@link jwtAuth}; `token.get` receives the Hono context. */
export type JwtAuthOptions = core.AuthenticatorOptions<Context>;
/** The variables `jwtAuth` sets: `c.get('auth')`. */
export type AuthVariables<Auth = core.AuthInfo> = { auth: Auth };
/** The context of a request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedContext<Claims extends object = core.AuthInfo['payload']> = Context<{
  Variables: AuthVariables<core.AuthInfo<Claims>>;
}>;
/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = core.AuthInfo['payload']> = (
  c: AuthenticatedContext<Claims>,
  next: Next,
) => Response | undefined | Promise<Response | undefined>;
/** Options of {@link wsAuth}: `jwtAuth`'s, with the opt-in `token: { fromProtocol, fromQuery }`. */
export type WsAuthOptions = realtime.HandshakeAuthOptions;
/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Hono context. */
export type TokenEndpointsOptions = issuer.TokenEndpointsOptions<Context>;

// Hono's own getResponse() reads `res`'s body back: on @hono/node-server a second full Web
// Response per refusal, and floods cost four times accepted tokens (issue 24).
type Answer = ReturnType<typeof core.toErrorResponse>;
class RefusalException extends HTTPException {
  readonly #answer: Answer;
  constructor(answer: Answer, cause: core.JwtGuardError) {
    super(answer.status as 401, { res: new Response(answer.body, answer), cause });
    this.#answer = answer;
  }
  override getResponse(): Response {
    return new Response(this.#answer.body, this.#answer);
  }
}
type GuardMiddleware = MiddlewareHandler<{ Variables: Partial<AuthVariables> }>;
const lifting: core.FrameworkLifting<Context, GuardMiddleware> & core.FetchStyleLifting<Context> = {
  step: core.throwingStep<Context, Next>((answer, error) => new RefusalException(answer, error)),
  auth: (c) => c.get('auth'),
  attach: (c, auth) => c.set('auth', auth),
  policyRequest: ({ req }) => ({
    method: req.method,
    path: req.path,
    params: req.param(),
    headers: req.header(),
  }),
  request: (c) => c.req.raw,
  incoming: (c) => (c.env as { incoming?: unknown } | undefined)?.incoming,
  // `all`: a repeated form field comes as an array (two tokens). Hono caches the parsed body.
  body: (c) => c.req.parseBody({ all: true }),
  // The URL the runtime built (on Node, from a Host it checked): core checks its authority.
  address: (c) => ({ target: c.req.url }),
  executionContext: (c) => c.executionCtx,
};
const lifted = core.liftFramework(lifting);

// NonNullable: under exactOptionalPropertyTypes an optional `Bindings` reads as `object | undefined`,
// which Hono's `Env` refuses (TS2344 in a user's project).
type WorkersJwtAuth = {
  /**
   * On Workers, where options come from bindings, a function of the context: it runs on the
   * first request, and its result serves the isolate's life (one key cache per isolate), as in
   * `jwtAuth((c) => ({ issuer: c.env.ISSUER, audience: c.env.AUDIENCE }))`.
   */
  jwtAuth<E extends Env = Env>(
    options: (c: Context<E>) => JwtAuthOptions,
  ): MiddlewareHandler<{ Bindings: NonNullable<E['Bindings']>; Variables: AuthVariables }>;
};
/** Hono types a handler by its claims. */
interface HonoHandler {
  readonly claims: unknown;
  readonly handler: AuthenticatedHandler<Extract<this['claims'], object>>;
}
type HonoMiddlewares = core.JwtAuthMiddleware<
  JwtAuthOptions,
  MiddlewareHandler<{ Variables: AuthVariables }>,
  MiddlewareHandler<{ Variables: AuthVariables<core.AuthInfo | undefined> }>
> &
  WorkersJwtAuth &
  core.GuardMiddlewares<GuardMiddleware> &
  core.RouteMiddlewares<PolicyMiddleware, Params, MiddlewareHandler> &
  core.AuthenticatedMiddleware<HonoHandler, GuardMiddleware> &
  realtime.HandshakeMiddlewares<MiddlewareHandler<{ Variables: AuthVariables }>> &
  issuer.FetchTokenEndpoints<Context, Hono>;
// Hono types no route's params in a middleware made apart from its route.
type PolicyMiddleware = { params: unknown; middleware: GuardMiddleware };
type Params = Record<string, string>;

/**
 * Hono's middleware, each documented on its interface in core (`JwtAuthMiddleware`,
 * `GuardMiddlewares`, `RouteMiddlewares`, `AuthenticatedMiddleware`, `HandshakeMiddlewares`)
 * or in `@jwt-guard/issuer` (`FetchTokenEndpoints`: an app for `app.route('/', …)`). `jwtAuth` sets
 * `c.get('auth')`. A policy sees `c.req.method`, `.path`, `.param()` and `.header()`. A
 * refusal is thrown as an `HTTPException`, whose `getResponse()` an `onError` may answer with.
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
  wsAuth,
  tokenEndpoints,
}: HonoMiddlewares = {
  // One middleware serves the three signatures: the Variables types only name what it sets.
  jwtAuth: (options: JwtAuthOptions | ((c: Context) => JwtAuthOptions)) =>
    lifted.authenticate(core.prepareFetchStyleAuthenticator(options, lifting)) as never,
  ...lifted.guards,
  ...core.createRouteMiddlewares<PolicyMiddleware, Params, MiddlewareHandler>({
    policy: lifted.policy,
    metadata: (answerTo) => async (c, next) => {
      const answer = answerTo(c.req.method, c.req.path);
      return answer ? c.body(answer.body, answer.status as 200, answer.headers) : next();
    },
  }),
  authenticated: (handler) => {
    // The check is a step whose `next` is the handler: its answer is the middleware's.
    const check = lifting.step((c) => void lifted.authOf(c));
    return async (c, next) => check(c, () => handler(c as never, next) as Promise<void>);
  },
  ...(realtime.liftHandshakes(lifting, (c) => c.req.raw) as realtime.HandshakeMiddlewares<never>),
  ...issuer.liftFetchTokenEndpoints<Context, Hono>(
    {
      request: (c) => c.req.raw,
      path: (c) => c.req.path,
      // A body an earlier middleware read: Hono keeps a copy.
      readBody: (c) => c.req.arrayBuffer(),
    },
    (serve) => new Hono().use(async (c, next) => serve(c) ?? next()),
  ),
};

export * from '@jwt-guard/core/app';
export { closeOnExpiry, selectProtocol, watchExpiry } from '@jwt-guard/core/realtime';
export {
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStoreOptions,
  JwtGuardStoreObject,
} from '@jwt-guard/core/store';
