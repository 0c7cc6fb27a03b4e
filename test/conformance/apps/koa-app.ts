/**
 * The conformance routes on Koa with @koa/router; the framework is a parameter, so Koa 2
 * runs them too.
 */

import {
  jwtAuth,
  protectedResourceMetadata,
  requireAuthLevel,
  requireClaim,
  requirePolicy,
  requireRole,
  requireScope,
} from '@jwt-guard/koa';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import {
  type AppConfig,
  conformanceRoutes,
  handled,
  RESOURCE_METADATA,
  sharedMiddleware,
} from '../app-config.js';

/** A Koa module's default export: Koa 3's, or Koa 2's under another name. */
export type KoaFramework = typeof Koa;

/** Builds the Koa conformance app. */
export function createKoaApp(config: AppConfig, framework: KoaFramework = Koa): Koa {
  const router = new Router();
  const authFor = sharedMiddleware(jwtAuth);
  const form = bodyParser({ enableTypes: ['form'] });
  router.get('/public', (ctx) => {
    ctx.type = 'text';
    ctx.body = 'public';
  });
  for (const route of conformanceRoutes(config)) {
    router[route.method](
      route.path,
      ...(route.form ? [form] : []),
      authFor(route.auth),
      ...(route.guard
        ? [
            route.guard({
              requireScope,
              requireRole,
              requireClaim,
              requireAuthLevel,
              requirePolicy,
            }),
          ]
        : []),
      (ctx) => {
        ctx.type = 'json';
        ctx.body = handled(route.handler, ctx.state.auth?.payload.sub);
      },
    );
  }
  const app = new framework();
  // Koa logs every error by default; these are expected refusals.
  app.silent = true;
  app.use(protectedResourceMetadata(RESOURCE_METADATA));
  app.use(router.routes());
  return app;
}
