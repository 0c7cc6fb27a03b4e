/** The conformance routes on Express; the framework is a parameter, so Express 4 runs them too. */
import {
  jwtAuth,
  jwtErrorHandler,
  protectedResourceMetadata,
  requireAuthLevel,
  requireClaim,
  requirePolicy,
  requireRole,
  requireScope,
} from '@jwt-guard/express';
import express, { type Express } from 'express';
import {
  type AppConfig,
  conformanceRoutes,
  handled,
  RESOURCE_METADATA,
  sharedMiddleware,
} from '../app-config.js';

/** An Express module's default export: Express 5's, or Express 4's under another name. */
export type ExpressFramework = typeof express;

/** Builds the Express conformance app. */
export function createExpressApp(
  config: AppConfig,
  framework: ExpressFramework = express,
): Express {
  const app = framework();
  const authFor = sharedMiddleware(jwtAuth);
  const form = framework.urlencoded({ extended: false });
  app.use(protectedResourceMetadata(RESOURCE_METADATA));
  app.get('/public', (_req, res) => {
    res.type('text').send('public');
  });
  for (const route of conformanceRoutes(config)) {
    app[route.method](
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
      (req, res) => {
        res.type('json').send(handled(route.handler, req.auth?.payload.sub));
      },
    );
  }
  app.use(jwtErrorHandler());
  return app;
}
