/** After: the express-oauth2-jwt-bearer app on @jwt-guard/express. */
import { jwtAuth, requireScope } from '@jwt-guard/express';
import express from 'express';
import type { IssuerTarget } from './target.js';

/**
 * The same app after the migration: `issuerBaseURL` becomes `issuer`, `requiredScopes`
 * becomes `requireScope`; `req.auth.payload` stays where it was.
 *
 * @example
 * ```ts
 * app.listen(3000);
 * ```
 */
export function createApp({ issuer, audience }: IssuerTarget): express.Express {
  const app = express();
  app.use(jwtAuth({ issuer, audience }));
  app.get('/me', (req, res) => {
    res.json({ sub: req.auth?.payload.sub });
  });
  app.get('/orders', requireScope('read:orders'), (_req, res) => {
    res.json([]);
  });
  return app;
}
