/**
 * The conformance routes on Hono. Runtime-neutral: the same module runs on Node, workerd,
 * Bun and Deno.
 */
import {
  type AuthVariables,
  jwtAuth,
  protectedResourceMetadata,
  requireAuthLevel,
  requireClaim,
  requirePolicy,
  requireRole,
  requireScope,
} from '@jwt-guard/hono';
import { Hono, type MiddlewareHandler } from 'hono';
import {
  type AppConfig,
  conformanceRoutes,
  handled,
  RESOURCE_METADATA,
  sharedMiddleware,
} from '../app-config.js';

/** The app's variables: `auth` is absent on an optional route without a token. */
export type ConformanceEnv = { Variables: Partial<AuthVariables> };

/** Builds the Hono conformance app. */
export function createHonoApp(config: AppConfig): Hono<ConformanceEnv> {
  const app = new Hono<ConformanceEnv>();
  const authFor = sharedMiddleware<MiddlewareHandler>((options) => jwtAuth(options));
  app.use(protectedResourceMetadata(RESOURCE_METADATA));
  app.get('/public', (c) => c.text('public'));
  for (const route of conformanceRoutes(config)) {
    app.on(
      route.method.toUpperCase(),
      route.path,
      authFor(route.auth),
      ...(route.guard
        ? [
            route.guard<MiddlewareHandler>({
              requireScope,
              requireRole,
              requireClaim,
              requireAuthLevel,
              requirePolicy,
            }),
          ]
        : []),
      (c) =>
        new Response(handled(route.handler, c.get('auth')?.payload.sub), {
          headers: { 'content-type': 'application/json' },
        }),
    );
  }
  return app;
}
