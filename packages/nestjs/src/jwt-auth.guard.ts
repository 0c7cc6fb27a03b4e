/**
 * The guard: authenticates the request, attaches `request.auth`, then applies the route's
 * `@Scopes`, `@Roles`, `@RequireClaim`, `@AuthLevel` and `@RequirePolicy` with core's guards. A refusal is
 * the `JwtGuardError` thrown, for the module's filter to answer.
 */

import {
  type AuthInfo,
  type AuthLevel,
  type ClaimExpectation,
  createGuardMiddlewares,
  createPolicyCheck,
  type Guard,
  type PolicyCheck,
  type PolicyLike,
} from '@jwt-guard/core/adapter';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { METADATA } from './decorators.js';
import { JwtGuardService, type NestHttpRequest } from './jwt-guard.service.js';

type Claim = { path: string | readonly string[]; expected: ClaimExpectation };

/** What one route asks, read once from its metadata. */
interface RouteCheck {
  readonly open: boolean;
  readonly guards: readonly Guard[];
  readonly policy?: PolicyCheck<unknown> | undefined;
}

// Core's guards, lifted as they are: each is already `(auth) => void`, throwing the refusal.
const { requireScope, requireRole, requireClaim, requireAuthLevel } = createGuardMiddlewares(
  (guard) => guard,
);

/**
 * Registered globally by `JwtGuardModule.forRoot` (`APP_GUARD`), or per controller with
 * `@UseGuards(JwtAuthGuard)` when the module is told `{ globalGuard: false }`. Nest applies
 * no global guard to gateways: named on one, it lets a message through only from a client
 * `JwtHandshakeGuard` admitted, whose token meets the handler's `@Scopes`, `@Roles`,
 * `@RequireClaim` and `@AuthLevel` (`false` otherwise, a `WsException`). Other contexts are refused unless `@Public()`.
 *
 * @example
 * ```ts
 * @UseGuards(JwtAuthGuard)
 * @Controller('orders')
 * export class OrdersController {}
 * ```
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  // Keyed by handler: the metadata of a route never changes once the app is built.
  private readonly checks = new WeakMap<object, RouteCheck>();

  constructor(
    private readonly jwt: JwtGuardService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const check = this.checkOf(context);
    if (check.open) return true;
    if (context.getType() === 'ws') return admitsClient(check, context);
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<NestHttpRequest>();
    const auth = this.jwt.authenticate(request);
    return auth instanceof Promise
      ? auth.then((found) => admit(check, request, found))
      : admit(check, request, auth);
  }

  private checkOf(context: ExecutionContext): RouteCheck {
    const handler = context.getHandler();
    let check = this.checks.get(handler);
    if (check === undefined) {
      check = readCheck(this.reflector, [handler, context.getClass()]);
      this.checks.set(handler, check);
    }
    return check;
  }
}

function readCheck(reflector: Reflector, targets: [object, object]): RouteCheck {
  const targetsOf = targets as Parameters<Reflector['getAllAndOverride']>[1];
  // The controller's scopes, then the method's: all of them are required.
  const scopes = reflector.getAllAndMerge<string[]>(METADATA.scopes, [...targetsOf].reverse());
  const roles = reflector.getAllAndOverride<string[] | undefined>(METADATA.roles, targetsOf);
  const level = reflector.getAllAndOverride<AuthLevel | undefined>(METADATA.authLevel, targetsOf);
  const policy = reflector.getAllAndOverride<PolicyLike | undefined>(METADATA.policy, targetsOf);
  const claims = reflector.getAllAndMerge<Claim[]>(METADATA.claims, targetsOf);
  const guards: Guard[] = claims.map(({ path, expected }) => requireClaim(path, expected));
  if (scopes.length > 0) guards.push(requireScope(...scopes));
  if (roles !== undefined) guards.push(requireRole(...roles));
  if (level !== undefined) guards.push(requireAuthLevel(level));
  return {
    open: reflector.getAllAndOverride<boolean | undefined>(METADATA.public, targetsOf) === true,
    guards,
    policy: policy === undefined ? undefined : (createPolicyCheck(policy) as PolicyCheck<unknown>),
  };
}

function admit(
  check: RouteCheck,
  request: NestHttpRequest,
  auth: AuthInfo | undefined,
): true | Promise<true> {
  if (auth !== undefined) request.auth = auth;
  for (const guard of check.guards) guard(auth);
  if (check.policy === undefined) return true;
  const { method = 'GET', headers = {}, params = {} } = request;
  const path = (request.raw ?? request).url?.split('?', 1)[0] ?? '/';
  return check.policy(auth, { method, path, params, headers }).then(() => true);
}

// A WebSocket message: the client's handshake was checked once; its token meets the
// route's guards here. A refusal is `false`, which Nest answers as a `WsException`.
function admitsClient(check: RouteCheck, context: ExecutionContext): boolean {
  const { auth } = context.switchToWs().getClient<{ auth?: AuthInfo }>();
  if (auth === undefined || check.policy !== undefined) return false;
  try {
    for (const guard of check.guards) guard(auth);
    return true;
  } catch {
    return false;
  }
}
