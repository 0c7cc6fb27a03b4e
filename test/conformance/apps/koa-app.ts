/** The conformance routes on Koa with @koa/router. */

import { jwtAuth, requireRole, requireScope } from '@jwt-guard/koa';
import Router from '@koa/router';
import Koa from 'koa';
import { type AppConfig, handled } from '../app-config.js';

/** Builds the Koa conformance app. */
export function createKoaApp(config: AppConfig): Koa {
  const { issuer, audience } = config;
  const auth = jwtAuth({ issuer, audience, jwks: config.jwks });
  const router = new Router();
  router.get('/public', (ctx) => {
    ctx.type = 'text';
    ctx.body = 'public';
  });
  router.get('/me', auth, (ctx) => {
    ctx.type = 'json';
    ctx.body = handled('me', ctx.state.auth.payload.sub);
  });
  router.get('/orders', auth, requireScope('read:orders'), (ctx) => {
    ctx.type = 'json';
    ctx.body = handled('orders', ctx.state.auth?.payload.sub);
  });
  router.get('/admin', auth, requireRole('admin'), (ctx) => {
    ctx.type = 'json';
    ctx.body = handled('admin', ctx.state.auth?.payload.sub);
  });
  router.get('/rotation', jwtAuth({ issuer, audience }), (ctx) => {
    ctx.type = 'json';
    ctx.body = handled('rotation', ctx.state.auth.payload.sub);
  });
  router.get('/down', jwtAuth({ issuer: config.downIssuer, audience }), (ctx) => {
    ctx.type = 'json';
    ctx.body = handled('down', ctx.state.auth.payload.sub);
  });
  const app = new Koa();
  // Koa logs every error by default; these are expected refusals.
  app.silent = true;
  app.use(router.routes());
  return app;
}
