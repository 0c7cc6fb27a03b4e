/**
 * JWT bearer-token authentication for Express: core's middleware lifted over one Express
 * step. A refusal goes to `next(err)`, which Express's own handler answers with its `status`
 * and `WWW-Authenticate` header (or `jwtErrorHandler`, with a short body).
 */
import * as core from '@jwt-guard/core/adapter';
import * as issuer from '@jwt-guard/issuer';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import type { JWTPayload } from 'jose';

declare global {
  namespace Express {
    interface Request {
      // Qualified: inside `namespace Express`, a bare `AuthInfo` would be passport's
      // `Express.AuthInfo` (an empty interface @types/passport declares there).
      /** The verified token, set by `jwtAuth`. Absent when auth is optional and no token came. */
      auth?: core.AuthInfo;
    }
  }
}

/** Options of {@link jwtAuth}; `token.get` receives the Express request. */
export type JwtAuthOptions = core.AuthenticatorOptions<Request>;
/** A request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedRequest<Claims extends object = JWTPayload> = Request & {
  auth: core.AuthInfo<Claims>;
};
/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = JWTPayload> = (
  req: AuthenticatedRequest<Claims>,
  res: Response,
  next: NextFunction,
) => unknown;

const lifted = core.liftFramework<Request, RequestHandler>({
  // A step resolves with nothing, so `next` goes on.
  step: (run) => (req, _res, next) => core.settle(() => run(req), next, next),
  auth: (req) => req.auth,
  attach: (req, auth) => {
    req.auth = auth;
  },
  policyRequest: ({ method, path, params, headers }) => ({ method, path, params, headers }),
});

// `req.protocol` and `req.get('host')` honour Express's `trust proxy`; `originalUrl` keeps a
// router's mount path.
const nodeRequest: core.NodeRequestLifting<Request> = {
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
  const plan = core.prepareAuthenticator<Request>(options, (req, wanted) =>
    core.readNodeRequest(req, wanted, nodeRequest),
  );
  return lifted.authenticate(() => plan);
}

type ExpressGuards = core.GuardMiddlewares<RequestHandler>;
/** Route middleware: the token must hold every one of `scopes`. See `GuardMiddlewares`. */
export const requireScope: ExpressGuards['requireScope'] = lifted.guards.requireScope;
/** Route middleware: the token must hold any one of `roles`. See `GuardMiddlewares`. */
export const requireRole: ExpressGuards['requireRole'] = lifted.guards.requireRole;
/** Route middleware: a claim must equal a value or pass a predicate. See `GuardMiddlewares`. */
export const requireClaim: ExpressGuards['requireClaim'] = lifted.guards.requireClaim;
/** Route middleware for step-up (RFC 9470). See `GuardMiddlewares`. */
export const requireAuthLevel: ExpressGuards['requireAuthLevel'] = lifted.guards.requireAuthLevel;

/** Express types a handler by its route params. */
interface PolicyMiddleware extends core.MiddlewareType {
  readonly middleware: RequestHandler<this['params']>;
}
type ExpressRoutes = core.RouteMiddlewares<PolicyMiddleware, Request['params'], RequestHandler>;
const routes: ExpressRoutes = core.createRouteMiddlewares({
  policy: (check) => lifted.policy(check) as never,
  metadata: (answerTo) => (req, res, next) => {
    const answer = answerTo(req.method, req.path);
    if (!answer) return next();
    res.status(answer.status).set(answer.headers).end(answer.body);
  },
});
/** Route middleware: a policy decides, seeing `req.method`, `.path`, `.params` and `.headers`. See `RouteMiddlewares`. */
export const requirePolicy: ExpressRoutes['requirePolicy'] = routes.requirePolicy;
/** Serves the protected-resource metadata (RFC 9728). See `RouteMiddlewares`. */
export const protectedResourceMetadata: ExpressRoutes['protectedResourceMetadata'] =
  routes.protectedResourceMetadata;

/** Express types a handler by its claims. */
interface ExpressHandler {
  readonly claims: unknown;
  readonly handler: AuthenticatedHandler<Extract<this['claims'], object>>;
}
/**
 * Wraps a handler typed as authenticated (see `AuthenticatedMiddleware`): a refusal, a throw
 * or a rejection goes to `next(err)`, on Express 4 as on 5.
 */
export const authenticated: core.AuthenticatedMiddleware<
  ExpressHandler,
  RequestHandler
>['authenticated'] = (handler) => (req, res, next) =>
  core.settle(() => handler(lifted.authOf(req) && (req as never), res, next), next);

/** Answers jwt-guard errors; add it after the routes. See `ErrorHandlerMiddleware`. */
export const jwtErrorHandler: core.ErrorHandlerMiddleware<ErrorRequestHandler>['jwtErrorHandler'] =
  () => (error, _req, res, next) => {
    if (!(error instanceof core.JwtGuardError) || res.headersSent) return next(error);
    const { status, headers, body } = core.toErrorResponse(error);
    res.status(status).set(headers).send(body);
  };

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Express request. */
export type TokenEndpointsOptions = issuer.TokenEndpointsOptions<Request>;
/** The token endpoints as a router. See `NodeTokenEndpoints` in `@jwt-guard/issuer`. */
export const tokenEndpoints: issuer.NodeTokenEndpoints<Request, express.Router>['tokenEndpoints'] =
  issuer.liftNodeTokenEndpoints<Request, express.Router>({
    incoming: (req) => req,
    path: (req) => req.path,
    parsedBody: (req) => req.body,
    // `res` writes the answer as is; `catch`: Express 4 does not catch a handler's promise.
    middleware: (serve) =>
      express.Router().use((req, res, next) => serve(req, res)?.catch(next) ?? next()),
  }).tokenEndpoints;

export * from '@jwt-guard/core/app';
