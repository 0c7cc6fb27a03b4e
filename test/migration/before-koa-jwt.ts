/** Before: koa-jwt with jwks-rsa's key lookup. */
import jwksRsa from 'jwks-rsa';
import Koa from 'koa';
import koaJwt from 'koa-jwt';
import type { IssuerTarget } from './target.js';

/**
 * The app before the migration: claims on `ctx.state.user`.
 *
 * @example
 * ```ts
 * app.listen(3000);
 * ```
 */
export function createApp({ issuer, audience, jwksUri }: IssuerTarget): Koa {
  const app = new Koa();
  app.use(
    koaJwt({
      secret: jwksRsa.koaJwtSecret({ jwksUri, cache: true, rateLimit: true }),
      issuer,
      audience,
      algorithms: ['RS256'],
    }),
  );
  app.use((ctx) => {
    ctx.body = { sub: ctx.state.user?.sub };
  });
  return app;
}
