/** The Express app: the JSON route behind no auth, ours, express-jwt or Auth0's middleware. */
import type { RequestListener } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import { expressjwt, type GetVerificationKey } from 'express-jwt';
import { auth as auth0 } from 'express-oauth2-jwt-bearer';
import jwksRsa from 'jwks-rsa';
import { BODY, type IssuerTarget, ROUTE } from '../variants.js';

/**
 * Builds the Express app for `auth` (`none`, `bare`, `noop`, `ours`, `express-jwt`, `auth0`).
 *
 * @example
 * ```ts
 * createServer(await expressApp('ours', target)).listen(0, '127.0.0.1');
 * ```
 */
export async function expressApp(auth: string, target: IssuerTarget): Promise<RequestListener> {
  const { issuer, audience, jwksUri } = target;
  const app = express();
  if (auth === 'ours') {
    // Loaded only here, so the peers' servers never load (or wait on a rebuild of) ours.
    const { jwtAuth } = await import('@jwt-guard/express');
    app.use(jwtAuth({ issuer, audience }));
  } else if (auth === 'express-jwt') {
    const secret = jwksRsa.expressJwtSecret({ jwksUri, cache: true, rateLimit: true });
    app.use(
      expressjwt({
        secret: secret as GetVerificationKey,
        issuer,
        audience,
        algorithms: ['RS256', 'ES256'],
      }),
    );
  } else if (auth === 'auth0') app.use(auth0({ issuerBaseURL: issuer, audience }));
  else if (auth === 'bare') {
    // What a middleware and a request variable cost here, with nothing read.
    app.use((req, _res, next) => {
      (req as { auth?: unknown }).auth = BODY;
      next();
    });
  } else if (auth === 'noop') {
    // The floor of an auth middleware: read the header, attach it, go on.
    app.use((req, _res, next) => {
      (req as { auth?: unknown }).auth = req.headers.authorization;
      next();
    });
  } else if (auth !== 'none') throw new TypeError(`unknown express auth ${auth}`);
  app.get(ROUTE, (_req, res) => {
    res.json(BODY);
  });
  app.use(answerErrors);
  return app;
}

interface HttpError {
  readonly status?: number;
  readonly expose?: boolean;
  readonly headers?: Record<string, string>;
  readonly message?: string;
}

// What a production app adds: an error handler that answers as finalhandler does (status,
// the error's headers, its message when exposed) without logging. Express's own writes
// every error to stderr (each refused request included) unless its env is "test", which
// made a flood of refusals cost the server a console write each.
const answerErrors: ErrorRequestHandler = (error: HttpError, _req, res, _next) => {
  const status = typeof error.status === 'number' ? error.status : 500;
  res
    .status(status)
    .set(error.headers ?? {})
    .type('text/plain')
    .send(status < 500 && error.expose !== false ? error.message : 'Internal Server Error');
};
