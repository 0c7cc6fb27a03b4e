/**
 * The first-party token endpoints on Express: a router that lifts `@jwt-guard/issuer`'s
 * framework-free handler. It reads its own body, so the app needs no body parser for it.
 */
import { readNodeEndpointRequest } from '@jwt-guard/core/adapter';
import {
  createTokenEndpoints,
  type TokenEndpointsOptions as EndpointOptions,
  type EndpointResponse,
  IssuerError,
  type TokenIssuer,
} from '@jwt-guard/issuer';
import express, { type Request, type Response, type Router } from 'express';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Express request. */
export type TokenEndpointsOptions = EndpointOptions<Request>;

const tooLarge = () => new IssuerError('ERR_BODY_TOO_LARGE', 'body');

function write(res: Response, answer: EndpointResponse): void {
  res.status(answer.status);
  // Appended, never set through a cookie helper: several Set-Cookie lines go out as given.
  for (const [name, value] of answer.headers) res.append(name, value);
  res.end(answer.body);
}

/**
 * The token endpoints (login, refresh, revocation, logout, RFC 8414 metadata and the JWKS)
 * as an Express router; every other request goes on to the app. A body an earlier parser
 * (`express.json()`, `express.urlencoded()`) already read is taken from `req.body`.
 *
 * @example
 * ```ts
 * const tokens = createTokenIssuer({ issuer, audience, keys: { encryptionSecret } });
 * app.use(tokenEndpoints(tokens, { authenticate: ({ body }) => checkPassword(body), cookie: true }));
 * app.use('/api', jwtAuth({ issuer, audience, isRevoked: tokens.isRevoked }));
 * ```
 */
export function tokenEndpoints(tokens: TokenIssuer, options: TokenEndpointsOptions): Router {
  const { handle, paths } = createTokenEndpoints<Request>(tokens, options);
  const ours = new Set(Object.values(paths));
  const router = express.Router();
  router.use((req, res, next) => {
    // The app's own requests go on in this same tick, without a promise of ours.
    if (!ours.has(req.path)) return next();
    handle({
      method: req.method,
      path: req.path,
      ...readNodeEndpointRequest(req, () => req.body, tooLarge),
      raw: req,
    })
      .then((answer) => (answer ? write(res, answer) : next()))
      // Never an unhandled rejection: Express 4 does not catch a handler's promise.
      .catch(next);
  });
  return router;
}
