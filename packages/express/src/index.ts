/**
 * JWT bearer-token authentication for Express: read the request, call core, attach
 * `req.auth`, continue or hand the error to `next` (Express's own handler answers it with
 * its `status` and `WWW-Authenticate` header). The middleware is core's, lifted here.
 */
import {
  type AuthenticatorOptions,
  type AuthInfo,
  createRouteMiddlewares,
  type GuardMiddlewares,
  JwtGuardError,
  liftFramework,
  type MiddlewareType,
  type NodeRequestLifting,
  prepareAuthenticator,
  type RouteMiddlewares,
  readNodeRequest,
  toErrorResponse,
} from '@jwt-guard/core/adapter';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
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
/** A request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedRequest<Claims extends object = JWTPayload> = Request & {
  auth: AuthInfo<Claims>;
};
/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = JWTPayload> = (
  req: AuthenticatedRequest<Claims>,
  res: Response,
  next: NextFunction,
) => unknown;

// The request is Node's IncomingMessage. `req.protocol` and `req.get('host')` honour
// Express's `trust proxy`; `originalUrl` keeps a router's mount path.
const nodeRequest: NodeRequestLifting<Request> = {
  incoming: (req) => req,
  body: (req) => req.body,
  address: (req) => ({ scheme: req.protocol, host: req.get('host'), target: req.originalUrl }),
};

const lifted = liftFramework<Request, RequestHandler>({
  step: (run) => (req, _res, next) => {
    let done: void | Promise<void>;
    try {
      done = run(req);
    } catch (error) {
      return next(error);
    }
    // Never an unhandled rejection: Express 4 does not catch a handler's promise. A step
    // that returned at once (a token the cache answered) goes on in this same tick.
    if (done instanceof Promise) done.then(() => next(), next);
    else next();
  },
  auth: (req) => req.auth,
  attach: (req, auth) => {
    req.auth = auth;
  },
  policyRequest: ({ method, path, params, headers }) => ({ method, path, params, headers }),
});

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
  return lifted.authenticate(() => plan);
}

type ExpressGuards = GuardMiddlewares<RequestHandler>;
/** Route middleware: the token must hold every one of `scopes`. See {@link GuardMiddlewares}. */
export const requireScope: ExpressGuards['requireScope'] = lifted.guards.requireScope;
/** Route middleware: the token must hold any one of `roles`. See {@link GuardMiddlewares}. */
export const requireRole: ExpressGuards['requireRole'] = lifted.guards.requireRole;
/** Route middleware: a claim must equal a value or pass a predicate. See {@link GuardMiddlewares}. */
export const requireClaim: ExpressGuards['requireClaim'] = lifted.guards.requireClaim;
/** Route middleware for step-up (RFC 9470). See {@link GuardMiddlewares}. */
export const requireAuthLevel: ExpressGuards['requireAuthLevel'] = lifted.guards.requireAuthLevel;

/** Express types a handler by its route params. */
interface PolicyMiddleware extends MiddlewareType {
  readonly middleware: RequestHandler<this['params']>;
}
type ExpressRoutes = RouteMiddlewares<PolicyMiddleware, Request['params'], RequestHandler>;
const routes: ExpressRoutes = createRouteMiddlewares({
  policy: (check) => lifted.policy(check) as never,
  metadata: (answerTo) => (req, res, next) => {
    const answer = answerTo(req.method, req.path);
    if (!answer) return next();
    res.status(answer.status).set(answer.headers).end(answer.body);
  },
});
/** Route middleware: a policy decides, seeing `req.method`, `.path`, `.params` and `.headers`. See {@link RouteMiddlewares}. */
export const requirePolicy: ExpressRoutes['requirePolicy'] = routes.requirePolicy;
/** Serves the protected-resource metadata (RFC 9728). See {@link RouteMiddlewares}. */
export const protectedResourceMetadata: ExpressRoutes['protectedResourceMetadata'] =
  routes.protectedResourceMetadata;

/**
 * Wraps `handler` as a plain `RequestHandler` whose `req.auth` is `AuthInfo<Claims>` (a
 * type, not a check), run only with a verified token (else `next(err)` gets a 401
 * `ERR_NO_TOKEN`, as the guards answer); a thrown error or rejected promise goes to `next(err)`, on Express 4 as on 5.
 *
 * @example
 * ```ts
 * app.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((req, res) => res.json({ tenant: req.auth.payload.tenant })));
 * ```
 */
export function authenticated<Claims extends object = JWTPayload>(
  handler: AuthenticatedHandler<Claims>,
): RequestHandler {
  return (req, res, next) => {
    let result: unknown;
    try {
      lifted.authOf(req);
      result = handler(req as AuthenticatedRequest<Claims>, res, next);
    } catch (error) {
      return next(error);
    }
    if (result instanceof Promise) result.catch(next);
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

/** What an application needs besides the middleware, from the adapter's own import. */
export * from '@jwt-guard/core/app';
export { type TokenEndpointsOptions, tokenEndpoints } from './token-endpoints.js';
