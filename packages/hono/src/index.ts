/**
 * JWT bearer-token authentication for Hono, on every runtime Hono runs on (Node, Cloudflare
 * Workers, Bun, Deno): read the request, call core, `c.set('auth', …)`, continue or throw
 * an `HTTPException` that carries the prepared RFC 6750 response and the error as `cause`.
 * The middleware is core's, lifted here.
 */
import * as core from '@jwt-guard/core/adapter';
import { createHandshakeAuthenticator, type HandshakeAuthOptions } from '@jwt-guard/core/realtime';
import type { Context, Env, MiddlewareHandler, Next } from 'hono';
import { toHttpException } from './http-exception.js';
import { createContextReader, readTokenSources } from './lifting.js';

/** Options of {@link jwtAuth}; `token.get` receives the Hono context. */
export type JwtAuthOptions = core.AuthenticatorOptions<Context>;
/** The variables `jwtAuth` sets: `c.get('auth')`. */
export interface AuthVariables<Auth = core.AuthInfo> {
  auth: Auth;
}
/** The context of a request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedContext<Claims extends object = core.AuthInfo['payload']> = Context<{
  Variables: AuthVariables<core.AuthInfo<Claims>>;
}>;
/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = core.AuthInfo['payload']> = (
  c: AuthenticatedContext<Claims>,
  next: Next,
) => Response | undefined | Promise<Response | undefined>;

type GuardMiddleware = MiddlewareHandler<{ Variables: Partial<AuthVariables> }>;
// The one place a refusal becomes Hono's HTTPException (`http-exception.ts`).
const rethrow = (error: unknown): never => {
  throw toHttpException(error);
};
// Not async: a step that returns at once costs no promise of ours. Hono's compose catches a
// synchronous throw like a rejection.
const lifting: core.FrameworkLifting<Context, GuardMiddleware> = {
  step: (run) => (c, next) => {
    let done: void | Promise<void>;
    try {
      done = run(c as Context);
    } catch (error) {
      return rethrow(error);
    }
    return done instanceof Promise ? done.then(() => next(), rethrow) : next();
  },
  auth: (c) => c.get('auth'),
  attach: (c, auth) => c.set('auth', auth),
  policyRequest: ({ req }) => ({
    method: req.method,
    path: req.path,
    params: req.param(),
    headers: req.header(),
  }),
};
const lifted = core.liftFramework(lifting);

const prepare = (options: JwtAuthOptions) =>
  core.prepareAuthenticator<Context>(options, readTokenSources, createContextReader());

/**
 * Verifies the bearer token and sets `c.get('auth')` to `{ payload, header, token }`.
 * On Workers, where options come from bindings, pass a function of the context: it runs on
 * the first request and its result serves the isolate's life (one key cache per isolate).
 *
 * @example
 * ```ts
 * const app = new Hono<{ Variables: AuthVariables }>();
 * app.use('/api/*', jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' }));
 * app.get('/api/me', (c) => c.json({ sub: c.get('auth').payload.sub }));
 * // Workers: app.use('/api/*', jwtAuth((c) => ({ issuer: c.env.ISSUER, audience: c.env.AUDIENCE })));
 * ```
 */
export function jwtAuth(
  options: JwtAuthOptions & { credentialsRequired: false },
): MiddlewareHandler<{ Variables: AuthVariables<core.AuthInfo | undefined> }>;
export function jwtAuth(options: JwtAuthOptions): MiddlewareHandler<{ Variables: AuthVariables }>;
// NonNullable: under exactOptionalPropertyTypes an optional `Bindings` reads as `object | undefined`,
// which Hono's `Env` refuses (TS2344 in a user's project).
export function jwtAuth<E extends Env = Env>(
  options: (c: Context<E>) => JwtAuthOptions,
): MiddlewareHandler<{ Bindings: NonNullable<E['Bindings']>; Variables: AuthVariables }>;
export function jwtAuth(
  options: JwtAuthOptions | ((c: Context) => JwtAuthOptions),
): MiddlewareHandler {
  let plan = typeof options === 'function' ? undefined : prepare(options);
  return lifted.authenticate(
    (c) => (plan ??= prepare((options as (c: Context) => JwtAuthOptions)(c))),
  ) as MiddlewareHandler;
}

/**
 * The guards as route middleware (see `GuardMiddlewares`): `requireScope(...scopes)`
 * (all of them), `requireRole(...roles)` (any of them), `requireClaim(path, expected)`,
 * `requireAuthLevel({ acr, maxAge })`. A refusal is thrown as an `HTTPException`.
 */
export const {
  requireScope,
  requireRole,
  requireClaim,
  requireAuthLevel,
}: core.GuardMiddlewares<GuardMiddleware> = lifted.guards;

/** Hono does not pass a route's params type into a middleware made apart from the route. */
interface PolicyMiddleware extends core.MiddlewareType {
  readonly middleware: GuardMiddleware;
}
type HonoRoutes = core.RouteMiddlewares<
  PolicyMiddleware,
  Record<string, string>,
  MiddlewareHandler
>;
// Named one by one with the interface's own member types: destructured, the declaration
// build would inline jose's JWTPayload (a dev dependency here) into the published types.
const routes: HonoRoutes = core.createRouteMiddlewares({
  policy: lifted.policy,
  metadata: (answerTo) => async (c, next) => {
    const answer = answerTo(c.req.method, c.req.path);
    if (!answer) return next();
    return c.body(answer.body, answer.status as 200, answer.headers);
  },
});
/** Route middleware: a policy decides, seeing `c.req.method`, `.path`, `.param()` and `.header()`. See `RouteMiddlewares`. */
export const requirePolicy: HonoRoutes['requirePolicy'] = routes.requirePolicy;
/** Serves the protected-resource metadata (RFC 9728). See `RouteMiddlewares`. */
export const protectedResourceMetadata: HonoRoutes['protectedResourceMetadata'] =
  routes.protectedResourceMetadata;

/**
 * Wraps `handler` as a Hono handler whose `c.get('auth')` is `AuthInfo<Claims>` (a type, not
 * a check), run only with a verified token (else the answer is 401 `ERR_NO_TOKEN`, as the
 * guards answer).
 *
 * @example
 * ```ts
 * app.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((c) => c.json({ tenant: c.get('auth').payload.tenant })));
 * ```
 */
export function authenticated<Claims extends object = core.AuthInfo['payload']>(
  handler: AuthenticatedHandler<Claims>,
): GuardMiddleware {
  return async (c, next) => {
    try {
      lifted.authOf(c as Context);
    } catch (error) {
      rethrow(error);
    }
    return handler(c as unknown as AuthenticatedContext<Claims>, next);
  };
}

/** Options of {@link wsAuth}: `jwtAuth`'s, with the opt-in `token: { fromProtocol, fromQuery }`. */
export type WsAuthOptions = HandshakeAuthOptions;

/**
 * Authenticates a WebSocket handshake and sets `c.get('auth')`; a refusal is the HTTP answer
 * (401 with its challenge), so no socket opens. Browsers cannot set `Authorization`: turn on
 * `token.fromProtocol` (the client offers `protocolForToken(token)` beside its own protocol,
 * and the server selects its own) or `token.fromQuery`. The handshake is checked once: close
 * the socket at expiry or revocation with `closeOnExpiry` (or `watchExpiry`) in `onOpen`.
 *
 * @example
 * ```ts
 * app.get('/ws', wsAuth({ issuer, audience, token: { fromProtocol: true } }), upgradeWebSocket((c) => {
 *   let stop = () => {};
 *   return {
 *     onOpen: (_event, ws) => { stop = closeOnExpiry(ws, c.get('auth'), { isRevoked: denyList.isRevoked }); },
 *     onClose: () => stop(),
 *   };
 * }));
 * ```
 */
export function wsAuth(options: WsAuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  const handshakes = createHandshakeAuthenticator(options);
  return lifting.step((c) =>
    handshakes
      .authenticate({ headers: c.req.raw.headers, url: c.req.url })
      .then((auth) => c.set('auth', auth)),
  ) as MiddlewareHandler<{ Variables: AuthVariables }>;
}

export * from '@jwt-guard/core/app';
export { closeOnExpiry, selectProtocol, watchExpiry } from '@jwt-guard/core/realtime';
export {
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStoreOptions,
  JwtGuardStoreObject,
} from '@jwt-guard/core/store';
export { type TokenEndpointsOptions, tokenEndpoints } from './token-endpoints.js';
