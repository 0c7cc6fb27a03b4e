/** After: the koa-jwt app on @jwt-guard/koa. */
import { jwtAuth } from '@jwt-guard/koa';
import Koa from 'koa';
import type { IssuerTarget } from './target.js';

/**
 * The same app after the migration: the claims are `ctx.state.auth.payload`.
 *
 * @example
 * ```ts
 * app.listen(3000);
 * ```
 */
export function createApp({ issuer, audience }: IssuerTarget): Koa {
  const app = new Koa();
  app.use(jwtAuth({ issuer, audience, algorithms: ['RS256'] }));
  app.use((ctx) => {
    ctx.body = { sub: ctx.state.auth?.payload.sub };
  });
  return app;
}
