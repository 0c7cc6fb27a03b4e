/** The guard: authenticates, attaches `request.auth`, checks the route's decorators, or throws. */

import { type AuthInfo, prepareRouteRequirements, type RouteCheck } from '@jwt-guard/core/adapter';
import type { RouteRequirements } from '@jwt-guard/core/policy';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { METADATA } from './decorators.js';
import { JwtGuardService, type NestHttpRequest } from './jwt-guard.service.js';

type Claims = NonNullable<RouteRequirements['claims']>;
// Nest types no route params: a policy sees them as `unknown`.
type Check = RouteCheck<unknown>;

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
  // Keyed by handler: the metadata of a route never changes once the app is built. `null`:
  // the route is `@Public()`.
  private readonly checks = new WeakMap<object, Check | null>();

  constructor(
    private readonly jwt: JwtGuardService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const check = this.checkOf(context);
    if (check === null) return true;
    if (context.getType() === 'ws') return admitsClient(check, context);
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<NestHttpRequest>();
    const auth = this.jwt.authenticate(request);
    return auth instanceof Promise
      ? auth.then((found) => admit(check, request, found))
      : admit(check, request, auth);
  }

  private checkOf(context: ExecutionContext): Check | null {
    const handler = context.getHandler();
    let check = this.checks.get(handler);
    if (check === undefined) {
      check = readCheck(this.reflector, context);
      this.checks.set(handler, check);
    }
    return check;
  }
}

// The route's decorators, read once, as core's route requirements.
function readCheck(reflector: Reflector, context: ExecutionContext): Check | null {
  const targets = [context.getHandler(), context.getClass()];
  const read = (key: string) => reflector.getAllAndOverride(key, targets);
  if (read(METADATA.public) === true) return null;
  // The controller's scopes, then the method's: all of them are required.
  const scopes = reflector.getAllAndMerge<string[]>(METADATA.scopes, [...targets].reverse());
  return prepareRouteRequirements<unknown>({
    claims: reflector.getAllAndMerge<Claims>(METADATA.claims, targets),
    scopes: scopes.length > 0 ? scopes : undefined,
    roles: read(METADATA.roles),
    authLevel: read(METADATA.authLevel),
    policy: read(METADATA.policy),
  });
}

function admit(check: Check, request: NestHttpRequest, auth?: AuthInfo): true | Promise<true> {
  if (auth !== undefined) request.auth = auth;
  check.guard(auth);
  if (check.policy === undefined) return true;
  const { method = 'GET', headers = {}, params = {} } = request;
  const path = (request.raw ?? request).url?.split('?', 1)[0] ?? '/';
  return check.policy(auth, { method, path, params, headers }).then(() => true);
}

// A WebSocket message: the client's handshake was checked once; its token meets the
// route's guards here, and a policy (which reads an HTTP request) refuses. A refusal is
// `false`, which Nest answers as a `WsException`.
function admitsClient(check: Check, context: ExecutionContext): boolean {
  const { auth } = context.switchToWs().getClient<{ auth?: AuthInfo }>();
  if (auth === undefined || check.policy !== undefined) return false;
  try {
    check.guard(auth);
    return true;
  } catch {
    return false;
  }
}
