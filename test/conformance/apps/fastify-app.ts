/**
 * The conformance routes on Fastify 5: routes that share `jwtAuth` options share one
 * encapsulated scope, hence one registration of the plugin, one verifier and its cache.
 */
import formbody from '@fastify/formbody';
import {
  jwtAuth,
  protectedResourceMetadata,
  requireAuthLevel,
  requireClaim,
  requirePolicy,
  requireRole,
  requireScope,
} from '@jwt-guard/fastify';
import Fastify, { type FastifyInstance, type preHandlerHookHandler } from 'fastify';
import {
  type AppConfig,
  conformanceRoutes,
  handled,
  RESOURCE_METADATA,
  type Route,
  type RouteAuthOptions,
} from '../app-config.js';

const guards = { requireScope, requireRole, requireClaim, requireAuthLevel, requirePolicy };

/** Builds the Fastify conformance app (not yet listening). */
export async function createFastifyApp(config: AppConfig): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(formbody);
  app.addHook('onRequest', protectedResourceMetadata(RESOURCE_METADATA));
  app.get('/public', async (_request, reply) => reply.type('text/plain').send('public'));
  const byAuth = new Map<RouteAuthOptions, Route[]>();
  for (const route of conformanceRoutes(config)) {
    byAuth.set(route.auth, [...(byAuth.get(route.auth) ?? []), route]);
  }
  for (const [auth, routes] of byAuth) {
    await app.register(async (scope) => {
      await scope.register(jwtAuth, auth);
      for (const route of routes) {
        scope.route({
          method: route.method.toUpperCase() as 'GET' | 'POST',
          url: route.path,
          ...(route.guard ? { preHandler: route.guard<preHandlerHookHandler>(guards) } : {}),
          handler: async (request, reply) =>
            reply.type('application/json').send(handled(route.handler, request.auth?.payload.sub)),
        });
      }
    });
  }
  return app;
}
