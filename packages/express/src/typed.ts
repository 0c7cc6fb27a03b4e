/**
 * Route handlers typed with your claims: `req.auth` is known to be set, so a handler needs
 * neither `req.auth?.` nor a cast to `AuthenticatedRequest<Claims>` (which Express's
 * overloads refuse as a handler's parameter, TS2769).
 */
import { UnauthorizedError } from '@jwt-guard/core';
import type { AuthInfo } from '@jwt-guard/core/adapter';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { JWTPayload } from 'jose';

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

/**
 * Wraps `handler` as a plain `RequestHandler` whose `req.auth` is `AuthInfo<Claims>`. Without
 * a verified token (no `jwtAuth` before it, or `credentialsRequired: false` and no token) the
 * handler does not run and `next(err)` gets a 401 `ERR_NO_TOKEN`, as the guards answer. A
 * thrown error or rejected promise goes to `next(err)`, on Express 4 as on 5.
 *
 * `Claims` is a type, not a check: pair it with `requireClaim` where a value must be verified.
 *
 * @example
 * ```ts
 * app.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((req, res) => {
 *   res.json({ tenant: req.auth.payload.tenant });
 * }));
 * ```
 */
export function authenticated<Claims extends object = JWTPayload>(
  handler: AuthenticatedHandler<Claims>,
): RequestHandler {
  return (req, res, next) => {
    if (!req.auth) {
      next(new UnauthorizedError('ERR_NO_TOKEN'));
      return;
    }
    let result: unknown;
    try {
      result = handler(req as AuthenticatedRequest<Claims>, res, next);
    } catch (error) {
      next(error);
      return;
    }
    if (result instanceof Promise) result.catch(next);
  };
}
