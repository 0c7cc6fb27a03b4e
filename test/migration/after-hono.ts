/** After: the Hono app on @jwt-guard/hono. */
import { type AuthVariables, jwtAuth } from '@jwt-guard/hono';
import { Hono } from 'hono';
import type { IssuerTarget } from './target.js';

/**
 * The same app after the migration: the claims are `c.get('auth').payload`.
 *
 * @example
 * ```ts
 * export default createApp(target);
 * ```
 */
export function createApp({ issuer, audience }: IssuerTarget): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('/*', jwtAuth({ issuer, audience, algorithms: ['RS256'] }));
  app.get('/me', (c) => c.json({ sub: c.get('auth').payload.sub }));
  return app;
}
