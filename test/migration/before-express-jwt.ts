/** Before: express-jwt with jwks-rsa's key lookup, as their READMEs set it up. */
import express, { type ErrorRequestHandler } from 'express';
import { expressjwt, type GetVerificationKey, type Request as JwtRequest } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import type { IssuerTarget } from './target.js';

/**
 * The app before the migration: claims on `req.auth`, errors answered by hand.
 *
 * @example
 * ```ts
 * app.listen(3000);
 * ```
 */
export function createApp({ issuer, audience, jwksUri }: IssuerTarget): express.Express {
  const app = express();
  app.use(
    expressjwt({
      secret: jwksRsa.expressJwtSecret({
        jwksUri,
        cache: true,
        rateLimit: true,
      }) as GetVerificationKey,
      issuer,
      audience,
      algorithms: ['RS256'],
    }),
  );
  app.get('/me', (req: JwtRequest, res) => {
    res.json({ sub: req.auth?.sub });
  });
  const onError: ErrorRequestHandler = (err, _req, res, next) => {
    if (err.name === 'UnauthorizedError') res.status(401).json({ error: err.code });
    else next(err);
  };
  app.use(onError);
  return app;
}
