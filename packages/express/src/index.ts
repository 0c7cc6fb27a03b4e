/**
 * JWT bearer-token authentication for Express: read the request, call core, attach
 * `req.auth`, continue or hand the error to `next` (Express's own handler answers it with
 * its `status` and `WWW-Authenticate` header).
 */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  authenticateRequest,
  createGuardMiddlewares,
  createRouteMiddlewares,
  type Guard,
  type GuardMiddlewares,
  JwtGuardError,
  type MiddlewareType,
  type NodeRequestLifting,
  type PolicyCheck,
  prepareAuthenticator,
  type RouteMiddlewares,
  readNodeRequest,
  toErrorResponse,
} from '@jwt-guard/core/adapter';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';

// Named apart: inside `namespace Express`, `AuthInfo` would be passport's `Express.AuthInfo`
// (an empty interface @types/passport declares there) wherever both are installed.
type VerifiedToken = AuthInfo;

declare global {
  namespace Express {
    interface Request {
      /** The verified token, set by `jwtAuth`. Absent when auth is optional and no token came. */
      auth?: VerifiedToken;
    }
  }
}

/** Options of {@link jwtAuth}; `token.get` receives the Express request. */
export type JwtAuthOptions = AuthenticatorOptions<Request>;

export type { AuthenticatedRequest } from './typed.js';

// The request is Node's IncomingMessage. `req.protocol` and `req.get('host')` honour
// Express's `trust proxy`; `originalUrl` keeps a router's mount path.
const nodeRequest: NodeRequestLifting<Request> = {
  incoming: (req) => req,
  body: (req) => req.body,
  address: (req) => ({ scheme: req.protocol, host: req.get('host'), target: req.originalUrl }),
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
  const plan = prepareAuthenticator<Request>(options, (req, wanted) =>
    readNodeRequest(req, wanted, nodeRequest),
  );
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

type ExpressGuards = GuardMiddlewares<RequestHandler>;
const guards: ExpressGuards = createGuardMiddlewares(lift);

/**
 * The guards as route middleware (see {@link GuardMiddlewares}): `requireScope(...scopes)`
 * (all of them), `requireRole(...roles)` (any of them), `requireClaim(path, expected)`,
 * `requireAuthLevel({ acr, maxAge })`. A refusal goes to `next(err)`.
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
/** Route middleware for step-up (RFC 9470). See {@link GuardMiddlewares}. */
export const requireAuthLevel: ExpressGuards['requireAuthLevel'] = guards.requireAuthLevel;

/** Express types a handler by its route params. */
interface PolicyMiddleware extends MiddlewareType {
  readonly middleware: RequestHandler<this['params']>;
}
type ExpressRoutes = RouteMiddlewares<PolicyMiddleware, Request['params'], RequestHandler>;
const routes: ExpressRoutes = createRouteMiddlewares({
  policy:
    <Params>(check: PolicyCheck<Params>): RequestHandler<Params> =>
    (req, _res, next) => {
      const { method, path, params, headers } = req;
      check(req.auth, { method, path, params, headers }).then(() => next(), next);
    },
  metadata: (answerTo) => (req, res, next) => {
    const answer = answerTo(req.method, req.path);
    if (!answer) return next();
    res.status(answer.status).set(answer.headers).end(answer.body);
  },
});

/**
 * Route middleware that lets a request through only when `policy` allows it, seeing
 * `req.method`, `req.path`, `req.params` and `req.headers`; a refusal goes to `next(err)`.
 * See {@link RouteMiddlewares}.
 *
 * @example
 * ```ts
 * app.get('/users/:userId', auth, requirePolicy(hasAnyRole('support')), readUser);
 * ```
 */
export const requirePolicy: ExpressRoutes['requirePolicy'] = routes.requirePolicy;
/** Serves the protected-resource metadata (RFC 9728). See {@link RouteMiddlewares}. */
export const protectedResourceMetadata: ExpressRoutes['protectedResourceMetadata'] =
  routes.protectedResourceMetadata;

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
