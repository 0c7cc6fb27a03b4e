/**
 * JWT bearer-token authentication for Express: read the request, call core, attach
 * `req.auth`, continue or hand the error to `next` (Express's own handler answers it with
 * its `status` and `WWW-Authenticate` header).
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
  JwtGuardError,
  metadataResponse,
  type PolicyLike,
  type ProtectedResourceMetadata,
  type ProtectedResourceMetadataOptions,
  prepareAuthenticator,
  protectedResourceMetadata as prepareMetadata,
  readClientCertificate,
  type TokenSources,
  toErrorResponse,
  type WantedSources,
} from '@jwt-guard/core/adapter';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { JWTPayload } from 'jose';

declare global {
  namespace Express {
    interface Request {
      /** The verified token, set by `jwtAuth`. Absent when auth is optional and no token came. */
      auth?: AuthInfo;
    }
  }
}

/** Options of {@link jwtAuth}; `token.get` receives the Express request. */
export type JwtAuthOptions = AuthenticatorOptions<Request>;

export type { AuthenticatedRequest } from './typed.js';

/**
 * Verifies the bearer token of every request and sets `req.auth = { payload, header, token }`.
 *
 * @example
 * ```ts
 * app.use(jwtAuth({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' }));
 * app.get('/me', (req, res) => res.json({ sub: req.auth?.payload.sub }));
 * ```
 */
export function jwtAuth(options: JwtAuthOptions): RequestHandler {
  const plan = prepareAuthenticator<Request>(options, (req, wanted) => {
    const sources: TokenSources = {
      // rawHeaders keeps a duplicated Authorization field that req.headers drops.
      authorization: authorizationFromRawHeaders(req.rawHeaders),
      query: req.url,
      formBody: wanted.formBody ? req.body : undefined,
      contentType: wanted.formBody ? req.headers['content-type'] : undefined,
      cookie: wanted.cookie ? req.headers.cookie : undefined,
    };
    return wanted.dpop || wanted.certificate ? withBindingSources(req, wanted, sources) : sources;
  });
  const accept = (req: Request, auth: AuthInfo | undefined) => {
    if (auth) req.auth = auth;
  };
  return (req, _res, next) => {
    let auth: AuthInfo | undefined | Promise<AuthInfo | undefined>;
    try {
      auth = authenticateRequest(plan, req);
    } catch (error) {
      next(error);
      return;
    }
    if (auth instanceof Promise) {
      auth.then((found) => {
        accept(req, found);
        next();
      }, next);
      return;
    }
    // A token the cache answered: on to the route in this same tick.
    accept(req, auth);
    next();
  };
}

type ExpressGuards = GuardMiddlewares<RequestHandler>;

const lift =
  (guard: Guard): RequestHandler =>
  (req, _res, next) => {
    try {
      guard(req.auth);
    } catch (error) {
      next(error);
      return;
    }
    next();
  };
const guards: ExpressGuards = createGuardMiddlewares(lift);

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
export const requireScope: ExpressGuards['requireScope'] = guards.requireScope;
/** Route middleware: the token must hold any one of `roles`. See {@link GuardMiddlewares}. */
export const requireRole: ExpressGuards['requireRole'] = guards.requireRole;
/** Route middleware: a claim must equal a value or pass a predicate. See {@link GuardMiddlewares}. */
export const requireClaim: ExpressGuards['requireClaim'] = guards.requireClaim;
// What sender-constrained tokens need besides the token: the method, how the request was
// addressed (`req.protocol` honours Express's `trust proxy`), the DPoP header(s), the
// certificate.
function withBindingSources(req: Request, wanted: WantedSources, sources: TokenSources) {
  const header = wanted.certificateHeader;
  return {
    ...sources,
    method: req.method,
    // Raw: core checks the Host and builds the URL. originalUrl keeps a router's mount path.
    address: { scheme: req.protocol, host: req.get('host'), target: req.originalUrl },
    dpop: wanted.dpop ? headerValuesFromRawHeaders(req.rawHeaders, 'dpop') : undefined,
    certificate: wanted.certificate
      ? readClientCertificate(header !== undefined, {
          header: header === undefined ? undefined : req.headers[header],
          socket: req.socket,
        })
      : undefined,
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
 * app.use('/api', jwtAuth({ issuer, audience, resourceMetadata: metadata.url }));
 * ```
 */
export function protectedResourceMetadata(
  options: ProtectedResourceMetadataOptions,
): RequestHandler & { readonly url: string; readonly metadata: ProtectedResourceMetadata } {
  const metadata = prepareMetadata(options);
  const handler: RequestHandler = (req, res, next) => {
    const answer = metadataResponse(metadata, req.method, req.path);
    if (!answer) return next();
    res.status(answer.status).set(answer.headers).end(answer.body);
  };
  return Object.assign(handler, { url: metadata.url, metadata });
}

/**
 * Route middleware for step-up (RFC 9470): the token's `acr` and `auth_time` must meet
 * `{ acr, maxAge }`, or 401 `insufficient_user_authentication`. See {@link GuardMiddlewares}.
 */
export const requireAuthLevel: ExpressGuards['requireAuthLevel'] = guards.requireAuthLevel;

/**
 * Route middleware that lets a request through only when `policy` allows it: a policy built
 * with `allOf`, `anyOf`, `not`, `hasScopes`, `hasAnyRole`, `claim` (from `@jwt-guard/core`), or
 * a predicate `(auth, request) => boolean | Promise<boolean>`. The request it sees is
 * `{ method, path, params, headers }` from `req.method`, `req.path`, `req.params` and
 * `req.headers`. A refusal goes to `next(err)`: 403 `insufficient_scope` (`ERR_INSUFFICIENT_SCOPE`
 * naming scopes, else `ERR_POLICY_DENIED`; a throwing predicate is refused too), or 401
 * without a verified token.
 *
 * Typing: `Params` and `Claims` come from a typed policy (`allOf<{ userId: string }>(…)`) or
 * are given: `requirePolicy<{ tenantId: string }, { tid: string }>(…)`. They are not inferred
 * from the route's path (Express types a handler by its path only where the handler is
 * written inline); without them, params are Express's own (`string | string[]` values).
 *
 * @example
 * ```ts
 * app.get('/users/:userId', auth, requirePolicy(anyOf((auth, req) => auth.payload.sub === req.params.userId, hasAnyRole('support'))), readUser);
 * ```
 */
export function requirePolicy<Params = Request['params'], Claims extends object = JWTPayload>(
  policy: PolicyLike<Params, Claims>,
): RequestHandler<Params> {
  const check = createPolicyCheck(policy);
  return (req, _res, next) => {
    const { method, path, params, headers } = req;
    const auth = req.auth as AuthInfo<Claims> | undefined;
    check(auth, { method, path, params, headers }).then(() => next(), next);
  };
}

/**
 * Optional error handler that answers jwt-guard errors with a short text body (the same
 * body the Koa and Hono adapters send) and passes every other error on.
 *
 * @example
 * ```ts
 * app.use(jwtErrorHandler());
 * ```
 */
export function jwtErrorHandler(): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!(error instanceof JwtGuardError) || res.headersSent) return next(error);
    const { status, headers, body } = toErrorResponse(error);
    res.status(status).set(headers).send(body);
  };
}

/**
 * What an application needs besides the middleware (the error classes for `instanceof`,
 * `createVerifier`, policies, presets, stores, the token client, DPoP's nonces), from the
 * adapter's own import so that an app depends on this one package.
 */
export * from '@jwt-guard/core/app';
export { type TokenEndpointsOptions, tokenEndpoints } from './token-endpoints.js';
export { type AuthenticatedHandler, authenticated } from './typed.js';
