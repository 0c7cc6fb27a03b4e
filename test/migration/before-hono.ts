/** Before: Hono's own `jwk` middleware. */
import { Hono } from 'hono';
import { jwk } from 'hono/jwk';
import type { IssuerTarget } from './target.js';

/** What the `jwk` middleware sets: the payload, untyped. */
type Env = { Variables: { jwtPayload: { sub?: string } } };

/**
 * The app before the migration: claims from `c.get('jwtPayload')`.
 *
 * @example
 * ```ts
 * export default createApp(target);
 * ```
 */
export function createApp({ issuer, audience, jwksUri }: IssuerTarget): Hono<Env> {
  const app = new Hono<Env>();
  app.use(
    '/*',
    jwk({ jwks_uri: jwksUri, alg: ['RS256'], verification: { iss: issuer, aud: audience } }),
  );
  app.get('/me', (c) => c.json({ sub: c.get('jwtPayload').sub }));
  return app;
}
