/**
 * Middleware typed with your claims: `ctx.state.auth` is known to be set and to hold
 * `AuthInfo<Claims>`, with neither a cast nor a check in the handler.
 */
import { UnauthorizedError } from '@jwt-guard/core';
import type { AuthInfo } from '@jwt-guard/core/adapter';
import type { Middleware, Next, ParameterizedContext } from 'koa';

/** The state `jwtAuth` adds downstream, with your claims type. */
export interface AuthenticatedState<Claims extends object = AuthInfo['payload']> {
  auth: AuthInfo<Claims>;
}

/** The context of a request that passed `jwtAuth`, with your claims type. */
export type AuthenticatedContext<Claims extends object = AuthInfo['payload']> =
  ParameterizedContext<AuthenticatedState<Claims>>;

/** A handler that runs only after `jwtAuth` verified a token. */
export type AuthenticatedHandler<Claims extends object = AuthInfo['payload']> = (
  ctx: AuthenticatedContext<Claims>,
  next: Next,
) => unknown;

/**
 * Wraps `handler` as Koa middleware whose `ctx.state.auth` is `AuthInfo<Claims>`. Without a
 * verified token (no `jwtAuth` before it, or `credentialsRequired: false` and no token) the
 * handler does not run and a 401 `ERR_NO_TOKEN` is thrown, as the guards answer.
 *
 * `Claims` is a type, not a check: pair it with `requireClaim` where a value must be verified.
 *
 * @example
 * ```ts
 * router.get('/tenant', jwtAuth(options), authenticated<{ tenant: string }>((ctx) => {
 *   ctx.body = { tenant: ctx.state.auth.payload.tenant };
 * }));
 * ```
 */
export function authenticated<Claims extends object = AuthInfo['payload']>(
  handler: AuthenticatedHandler<Claims>,
): Middleware<Partial<AuthenticatedState>> {
  return async (ctx, next) => {
    if (!ctx.state.auth) throw new UnauthorizedError('ERR_NO_TOKEN');
    await handler(ctx as unknown as AuthenticatedContext<Claims>, next);
  };
}
