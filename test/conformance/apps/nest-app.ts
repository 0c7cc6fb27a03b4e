/**
 * The conformance routes on NestJS, on either platform: each route is a controller of its
 * own, guarded by `JwtAuthGuard` made from the route's options (routes given the same
 * options share one guard, as the other apps share one middleware), with the route's
 * requirements as the package's decorators and refusals answered by the module's filter.
 */
import 'reflect-metadata';
import {
  AuthLevel,
  JwtAuthGuard,
  JwtGuardModule,
  JwtGuardService,
  type NestHttpRequest,
  RequireClaim,
  RequirePolicy,
  Roles,
  Scopes,
} from '@jwt-guard/nestjs';
import {
  Controller,
  Get,
  Header,
  HttpCode,
  type INestApplication,
  Module,
  Post,
  Req,
  type Type,
  UseGuards,
} from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  type AppConfig,
  conformanceRoutes,
  type Guards,
  handled,
  RESOURCE_METADATA,
  type Route,
  sharedMiddleware,
} from '../app-config.js';

/** The Nest platforms the table runs on. */
export type NestPlatform = 'express' | 'fastify';

type RouteDecorator = MethodDecorator & ClassDecorator;

// The route table's guards, as the package's decorators.
const decorators: Guards<RouteDecorator> = {
  requireScope: (scope) => Scopes(scope),
  requireRole: (role) => Roles(role),
  requireClaim: (path, value) => RequireClaim(path, value),
  requireAuthLevel: (level) => AuthLevel(level),
  requirePolicy: (policy) => RequirePolicy(policy),
};

function routeController(route: Route, guard: JwtAuthGuard): Type {
  @Controller()
  class RouteController {
    handle(@Req() request: NestHttpRequest) {
      return handled(route.handler, request.auth?.payload.sub);
    }
  }
  const { prototype } = RouteController;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'handle')!;
  const method = route.method === 'get' ? Get(route.path) : Post(route.path);
  for (const decorate of [
    method,
    UseGuards(guard),
    HttpCode(200),
    Header('Content-Type', 'application/json'),
    ...(route.guard ? [route.guard(decorators)] : []),
  ]) {
    decorate(prototype, 'handle', descriptor);
  }
  return RouteController;
}

@Controller()
class PublicController {
  @Get('public')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  open() {
    return 'public';
  }
}

/**
 * Builds the Nest conformance app on `platform`, not yet listening.
 *
 * @example
 * ```ts
 * const app = await createNestApp(config, 'fastify');
 * await app.listen(0, '127.0.0.1');
 * ```
 */
export async function createNestApp(
  config: AppConfig,
  platform: NestPlatform,
): Promise<INestApplication> {
  const reflector = new Reflector();
  const guardFor = sharedMiddleware(
    (options) => new JwtAuthGuard(new JwtGuardService(options), reflector),
  );
  const controllers = conformanceRoutes(config).map((route) =>
    routeController(route, guardFor(route.auth)),
  );
  const { issuer, audience } = config;
  @Module({
    imports: [
      JwtGuardModule.forRoot(
        { issuer, audience },
        { globalGuard: false, resourceMetadata: RESOURCE_METADATA },
      ),
    ],
    controllers: [PublicController, ...controllers],
  })
  class NestConformanceModule {}
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  return NestFactory.create(NestConformanceModule, adapter, { logger: false, abortOnError: false });
}
