/**
 * JWT bearer-token authentication for Express: read the request, call core, attach
 * `req.auth`, continue or hand the error to `next` (Express's own handler answers it with
 * its `status` and `WWW-Authenticate` header).
 */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  authorizationFromRawHeaders,
  createAuthenticator,
  createGuardMiddlewares,
  type Guard,
  type GuardMiddlewares,
  JwtGuardError,
  toErrorResponse,
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

/** Options of {@link jwtAuth}; `getToken` receives the Express request. */
export type JwtAuthOptions = AuthenticatorOptions<Request>;

/** A request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedRequest<Claims extends object = JWTPayload> = Request & {
  auth: AuthInfo<Claims>;
};

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
  const authenticator = createAuthenticator<Request>(options, (req, wanted) => ({
    // rawHeaders keeps a duplicated Authorization field that req.headers drops.
    authorization: authorizationFromRawHeaders(req.rawHeaders),
    query: req.url,
    formBody: wanted.formBody ? req.body : undefined,
    contentType: wanted.formBody ? req.headers['content-type'] : undefined,
    cookie: wanted.cookie ? req.headers.cookie : undefined,
  }));
  const accept = (req: Request, auth: AuthInfo | undefined) => {
    if (auth) req.auth = auth;
  };
  return (req, _res, next) => {
    let auth: AuthInfo | undefined | Promise<AuthInfo | undefined>;
    try {
      auth = authenticator.authenticateMaybeSync(req);
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
