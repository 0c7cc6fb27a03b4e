/**
 * The route decorators the guard reads, and `@Auth()` for the handler's parameter. Each
 * decorator stores its requirement as metadata; `JwtAuthGuard` applies it with core's guards.
 */

import type { ClaimExpectation, AuthLevel as Level, PolicyLike } from '@jwt-guard/core/policy';
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { NestHttpRequest } from './jwt-guard.service.js';

/** The metadata keys, for an app that reads them with its own `Reflector`. */
export const METADATA = {
  public: 'jwt-guard:public',
  scopes: 'jwt-guard:scopes',
  roles: 'jwt-guard:roles',
  policy: 'jwt-guard:policy',
  claims: 'jwt-guard:claims',
  authLevel: 'jwt-guard:auth-level',
} as const;

/**
 * Lets a route, or every route of a controller, through the global guard without a token.
 *
 * @example
 * ```ts
 * @Public()
 * @Get('health')
 * health() { return 'ok'; }
 * ```
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(METADATA.public, true);

/**
 * The token must hold every one of `scopes` (403 `insufficient_scope` otherwise). On a
 * controller and a method, both lists are required.
 *
 * @example
 * ```ts
 * @Scopes('read:orders')
 * @Get('orders')
 * list() {}
 * ```
 */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(METADATA.scopes, scopes);

/**
 * The token must hold any one of `roles`, read at `rolesClaim` (default `roles`). A
 * method's list replaces its controller's.
 *
 * @example
 * ```ts
 * @Roles('admin', 'ops')
 * @Delete('users/:id')
 * remove() {}
 * ```
 */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(METADATA.roles, roles);

/**
 * The request must pass `policy` (`allOf`, `anyOf`, `hasScopes`, `claim`, a predicate…),
 * which sees `{ method, path, params, headers }`. A method's policy replaces its controller's.
 *
 * @example
 * ```ts
 * @RequirePolicy(anyOf(hasAnyRole('support'), (auth, req) => auth.payload.sub === req.params.userId))
 * @Get('users/:userId')
 * read() {}
 * ```
 */
export const RequirePolicy = <Params = Record<string, string>, Claims extends object = object>(
  policy: PolicyLike<Params, Claims>,
): MethodDecorator & ClassDecorator => SetMetadata(METADATA.policy, policy);

/**
 * A claim must equal `expected` (an array claim must contain it) or pass a predicate, else
 * 403. On a controller and a method, both are required.
 *
 * @example
 * ```ts
 * @RequireClaim('email_verified', true)
 * @Post('billing')
 * update() {}
 * ```
 */
export const RequireClaim = (
  path: string | readonly string[],
  expected: ClaimExpectation,
): MethodDecorator & ClassDecorator => SetMetadata(METADATA.claims, [{ path, expected }]);

/**
 * Step-up (RFC 9470): the token's `acr` must be one of `acr` and its `auth_time` at most
 * `maxAge` seconds old, else 401 `insufficient_user_authentication`.
 *
 * @example
 * ```ts
 * @AuthLevel({ acr: ['urn:example:mfa'], maxAge: 300 })
 * @Post('payments')
 * pay() {}
 * ```
 */
export const AuthLevel = (level: Level): MethodDecorator & ClassDecorator =>
  SetMetadata(METADATA.authLevel, level);

/**
 * The verified token of the request, `AuthInfo<Claims>` (`undefined` on a `@Public()` route
 * or when auth is optional and no token came). Annotate the parameter with your claims.
 *
 * @example
 * ```ts
 * @Get('me')
 * me(@Auth() auth: AuthInfo<{ tid: string }>) { return auth.payload.tid; }
 * ```
 */
export const Auth: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<NestHttpRequest>().auth,
);
