/**
 * Route handlers typed with your claims: `c.get('auth')` is known to be set and to hold
 * `AuthInfo<Claims>`, with neither a cast nor a check in the handler.
 */
import { UnauthorizedError } from '@jwt-guard/core';
import type { AuthInfo } from '@jwt-guard/core/adapter';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AuthVariables } from './auth-variables.js';
import { toHttpException } from './http-exception.js';

/** The context of a request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedContext<Claims extends object = AuthInfo['payload']> = Context<{
  Variables: AuthVariables<AuthInfo<Claims>>;
}>;

/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = AuthInfo['payload']> = (
  c: AuthenticatedContext<Claims>,
  next: Next,
) => Response | undefined | Promise<Response | undefined>;

/**
 * Wraps `handler` as a Hono handler whose `c.get('auth')` is `AuthInfo<Claims>`. Without a
 * verified token (no `jwtAuth` before it, or `credentialsRequired: false` and no token) the
 * handler does not run and the answer is 401 `ERR_NO_TOKEN`, as the guards answer.
 *
 * `Claims` is a type, not a check: pair it with `requireClaim` where a value must be verified.
 *
 * @example
 * ```ts
 * app.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((c) =>
 *   c.json({ tenant: c.get('auth').payload.tenant }),
 * ));
 * ```
 */
export function authenticated<Claims extends object = AuthInfo['payload']>(
  handler: AuthenticatedHandler<Claims>,
): MiddlewareHandler<{ Variables: Partial<AuthVariables> }> {
  return async (c, next) => {
    if (!c.get('auth')) throw toHttpException(new UnauthorizedError('ERR_NO_TOKEN'));
    return handler(c as unknown as AuthenticatedContext<Claims>, next);
  };
}
