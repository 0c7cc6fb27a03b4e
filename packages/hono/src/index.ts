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
  createPolicyCheck,
  type Guard,
  type GuardMiddlewares,
  metadataResponse,
  type PolicyLike,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
  prepareAuthenticator,
  protectedResourceMetadata as prepareMetadata,
} from '@jwt-guard/core/adapter';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { toHttpException } from './http-exception.js';
import { createContextReader, readTokenSources } from './read-request.js';

/** Options of {@link jwtAuth}; `token.get` receives the Hono context. */
export type JwtAuthOptions = AuthenticatorOptions<Context>;

import type { AuthVariables } from './auth-variables.js';

export type { AuthVariables } from './auth-variables.js';

function prepareHonoAuthenticator(options: JwtAuthOptions) {
  return prepareAuthenticator<Context>(options, readTokenSources, createContextReader());
}

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
  const rethrow = (error: unknown): never => {
    throw toHttpException(error);
  };
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

const lift =
  (guard: Guard): MiddlewareHandler<{ Variables: Partial<AuthVariables> }> =>
  (c, next) => {
    try {
      guard(c.get('auth'));
    } catch (error) {
      throw toHttpException(error);
    }
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
}: GuardMiddlewares<MiddlewareHandler<{ Variables: Partial<AuthVariables> }>> =
  createGuardMiddlewares(lift);

/**
 * Route middleware that lets a request through only when `policy` allows it: a policy built
 * with `allOf`, `anyOf`, `not`, `hasScopes`, `hasAnyRole`, `claim` (from `@jwt-guard/core`), or
 * a predicate `(auth, request) => boolean | Promise<boolean>`. The request it sees is
 * `{ method, path, params, headers }` from `c.req.method`, `c.req.path`, `c.req.param()` and
 * `c.req.header()` (lower-case names). A refusal is thrown as an `HTTPException` carrying the
 * answer: 403 `insufficient_scope` (`ERR_INSUFFICIENT_SCOPE` naming scopes, else
 * `ERR_POLICY_DENIED`; a throwing predicate is refused too), or 401 without a verified token.
 *
 * Typing: `Params` and `Claims` come from a typed policy (`allOf<{ userId: string }>(…)`) or
 * are given: `requirePolicy<{ tenantId: string }, { tid: string }>(…)`. They are not inferred
 * from the route's path: Hono does not pass the path type into a middleware made apart from
 * the route.
 *
 * @example
 * ```ts
 * app.get('/users/:userId', auth, requirePolicy<{ userId: string }>(anyOf((auth, req) => auth.payload.sub === req.params.userId, hasAnyRole('support'))), readUser);
 * ```
 */
export function requirePolicy<
  Params = Record<string, string>,
  // The claims of a default `AuthInfo` (jose's JWTPayload), named without importing jose.
  Claims extends object = AuthInfo['payload'],
>(policy: PolicyLike<Params, Claims>): MiddlewareHandler<{ Variables: Partial<AuthVariables> }> {
  const check = createPolicyCheck(policy);
  return async (c, next) => {
    const { method, path } = c.req;
    const request = { method, path, params: c.req.param() as Params, headers: c.req.header() };
    try {
      await check(c.get('auth') as AuthInfo<Claims> | undefined, request);
    } catch (error) {
      throw toHttpException(error);
    }
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
 * app.use('/api/*', jwtAuth({ issuer, audience, resourceMetadata: metadata.url }));
 * ```
 */
export function protectedResourceMetadata(
  options: ProtectedResourceMetadataOptions,
): MiddlewareHandler & { readonly url: string; readonly metadata: ProtectedResourceMetadata } {
  const metadata = prepareMetadata(options);
  const middleware: MiddlewareHandler = async (c, next) => {
    const answer = metadataResponse(metadata, c.req.method, c.req.path);
    if (!answer) return next();
    return c.body(answer.body, answer.status as 200, answer.headers);
  };
  return Object.assign(middleware, { url: metadata.url, metadata });
}

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
