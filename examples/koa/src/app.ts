/** The example API on Koa: public, authenticated, scope-guarded and role-guarded routes. */

import {
  type JwtAuthOptions,
  jwtAuth,
  jwtErrorHandler,
  requireRole,
  requireScope,
} from '@jwt-guard/koa';
import Router from '@koa/router';
import Koa from 'koa';

/**
 * Builds the API for an issuer and audience.
 *
 * @example
 * ```ts
 * createApp({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' }).listen(3000);
 * ```
 */
export function createApp(auth: JwtAuthOptions): Koa {
  const app = new Koa();
  // Refusals answered here, not by Koa's onerror, which logs the stack of every 503.
  app.use(jwtErrorHandler());
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  const api = new Router({ prefix: '/api' });
  api.use(jwtAuth(auth));
  api.get('/me', (ctx) => {
    ctx.body = { sub: ctx.state.auth.payload.sub, scope: ctx.state.auth.payload.scope ?? null };
  });
  api.get('/orders', requireScope('read:orders'), (ctx) => {
    ctx.body = { orders: [{ id: 1, total: 42 }] };
  });
  api.delete('/orders/:id', requireRole('admin'), (ctx) => {
    ctx.body = { deleted: ctx.params.id };
  });

  app.use(router.routes()).use(api.routes());
  return app;
}
