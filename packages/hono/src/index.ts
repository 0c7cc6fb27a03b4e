/**
 * JWT bearer-token authentication for Hono, on every runtime Hono runs on (Node, Cloudflare
 * Workers, Bun, Deno): read the request, call core, `c.set('auth', …)`, continue or throw
 * an `HTTPException` that carries the prepared RFC 6750 response and the error as `cause`.
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
  type PolicyCheck,
  prepareAuthenticator,
  type RouteMiddlewares,
} from '@jwt-guard/core/adapter';
import type { Context, Env, MiddlewareHandler } from 'hono';
import type { AuthVariables } from './auth-variables.js';
import { toHttpException } from './http-exception.js';
import { createContextReader, readTokenSources } from './lifting.js';

/** Options of {@link jwtAuth}; `token.get` receives the Hono context. */
export type JwtAuthOptions = AuthenticatorOptions<Context>;

export type { AuthVariables } from './auth-variables.js';

function prepareHonoAuthenticator(options: JwtAuthOptions) {
  return prepareAuthenticator<Context>(options, readTokenSources, createContextReader());
}

const rethrow = (error: unknown): never => {
  throw toHttpException(error);
};

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
): MiddlewareHandler<{ Variables: AuthVariables<AuthInfo | undefined> }>;
export function jwtAuth(options: JwtAuthOptions): MiddlewareHandler<{ Variables: AuthVariables }>;
// NonNullable: under exactOptionalPropertyTypes an optional `Bindings` reads as `object | undefined`,
// which Hono's `Env` refuses (TS2344 in a user's project).
export function jwtAuth<E extends Env = Env>(
  options: (c: Context<E>) => JwtAuthOptions,
): MiddlewareHandler<{ Bindings: NonNullable<E['Bindings']>; Variables: AuthVariables }>;
export function jwtAuth(
  options: JwtAuthOptions | ((c: Context) => JwtAuthOptions),
): MiddlewareHandler {
  let plan = typeof options === 'function' ? undefined : prepareHonoAuthenticator(options);
  // Not an async function: a token the cache answers costs no promise of ours. Hono's
  // compose catches a synchronous throw like a rejection.
  return (c, next) => {
    let auth: AuthInfo | undefined | Promise<AuthInfo | undefined>;
    try {
      plan ??= prepareHonoAuthenticator((options as (c: Context) => JwtAuthOptions)(c));
      auth = authenticateRequest(plan, c);
    } catch (error) {
      return rethrow(error);
    }
    if (auth instanceof Promise) {
      return auth.then((found) => {
        if (found) c.set('auth', found);
        return next();
      }, rethrow);
    }
    if (auth) c.set('auth', auth);
    return next();
  };
}

type GuardMiddleware = MiddlewareHandler<{ Variables: Partial<AuthVariables> }>;
const lift =
  (guard: Guard): GuardMiddleware =>
  (c, next) => {
    try {
      guard(c.get('auth'));
    } catch (error) {
      rethrow(error);
    }
    return next();
  };

/**
 * The guards as route middleware (see {@link GuardMiddlewares}): `requireScope(...scopes)`
 * (all of them), `requireRole(...roles)` (any of them), `requireClaim(path, expected)`,
 * `requireAuthLevel({ acr, maxAge })`. A refusal is thrown as an `HTTPException`.
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

/** Hono does not pass a route's params type into a middleware made apart from the route. */
interface PolicyMiddleware extends MiddlewareType {
  readonly middleware: GuardMiddleware;
}

type HonoRouteMiddlewares = RouteMiddlewares<
  PolicyMiddleware,
  Record<string, string>,
  MiddlewareHandler
>;

// Named one by one with the interface's own member types: destructured, the declaration
// build would inline jose's JWTPayload (a dev dependency here) into the published types.
const routeMiddlewares: HonoRouteMiddlewares = createRouteMiddlewares({
  policy:
    <Params>(check: PolicyCheck<Params>): GuardMiddleware =>
    async (c, next) => {
      const { method, path } = c.req;
      const request = { method, path, params: c.req.param() as Params, headers: c.req.header() };
      await check(c.get('auth'), request).catch(rethrow);
      await next();
    },
  metadata: (answerTo) => async (c, next) => {
    const answer = answerTo(c.req.method, c.req.path);
    if (!answer) return next();
    return c.body(answer.body, answer.status as 200, answer.headers);
  },
});

/**
 * `requirePolicy(policy)` and `protectedResourceMetadata(options)` (see
 * {@link RouteMiddlewares}): a policy sees `c.req.method`, `c.req.path`, `c.req.param()` and
 * `c.req.header()` (lower-case names); a refusal is thrown as an `HTTPException`.
 *
 * @example
 * ```ts
 * app.use(protectedResourceMetadata({ resource: 'https://api.example.com', authorizationServers: [issuer] }));
 * app.get('/users/:userId', auth, requirePolicy(hasAnyRole('support')), readUser);
 * ```
 */
export const requirePolicy: HonoRouteMiddlewares['requirePolicy'] = routeMiddlewares.requirePolicy;
/** See {@link requirePolicy}: the RFC 9728 metadata document, served at its well-known path. */
export const protectedResourceMetadata: HonoRouteMiddlewares['protectedResourceMetadata'] =
  routeMiddlewares.protectedResourceMetadata;

/**
 * What an application needs besides the middleware (the error classes for `instanceof`,
 * `createVerifier`, policies, presets, stores, the token client, DPoP's nonces), from the
 * adapter's own import so that an app depends on this one package.
 */
export * from '@jwt-guard/core/app';
export {
  createDurableObjectStore,
  type DurableObjectNamespaceLike,
  type DurableObjectStoreOptions,
  JwtGuardStoreObject,
} from '@jwt-guard/core/store';
export {
  closeOnExpiry,
  selectProtocol,
  type WsAuthOptions,
  watchExpiry,
  wsAuth,
} from './realtime.js';
export { type TokenEndpointsOptions, tokenEndpoints } from './token-endpoints.js';
export { type AuthenticatedContext, type AuthenticatedHandler, authenticated } from './typed.js';
