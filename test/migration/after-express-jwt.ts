/** After: the express-jwt app on @jwt-guard/express. */
import { jwtAuth, jwtErrorHandler } from '@jwt-guard/express';
import express from 'express';
import type { IssuerTarget } from './target.js';

/**
 * The same app after the migration: the claims are `req.auth.payload`; the issuer's
 * discovery finds the JWKS, and the error carries its own status and challenge.
 *
 * @example
 * ```ts
 * app.listen(3000);
 * ```
 */
export function createApp({ issuer, audience }: IssuerTarget): express.Express {
  const app = express();
  app.use(jwtAuth({ issuer, audience, algorithms: ['RS256'] }));
  app.get('/me', (req, res) => {
    res.json({ sub: req.auth?.payload.sub });
  });
  app.use(jwtErrorHandler());
  return app;
}
