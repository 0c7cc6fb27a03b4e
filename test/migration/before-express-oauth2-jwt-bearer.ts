/** Before: Auth0's express-oauth2-jwt-bearer. */
import express from 'express';
import { auth, requiredScopes } from 'express-oauth2-jwt-bearer';
import type { IssuerTarget } from './target.js';

/**
 * The app before the migration: `auth()` discovers the issuer, claims are on
 * `req.auth.payload`.
 *
 * @example
 * ```ts
 * app.listen(3000);
 * ```
 */
export function createApp({ issuer, audience }: IssuerTarget): express.Express {
  const app = express();
  app.use(auth({ issuerBaseURL: issuer, audience }));
  app.get('/me', (req, res) => {
    res.json({ sub: req.auth?.payload.sub });
  });
  app.get('/orders', requiredScopes('read:orders'), (_req, res) => {
    res.json([]);
  });
  return app;
}
