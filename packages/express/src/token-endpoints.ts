/**
 * The first-party token endpoints on Express: a router that lifts `@jwt-guard/issuer`'s
 * framework-free handler. It reads its own body, so the app needs no body parser for it.
 */
import { readNodeEndpointRequest } from '@jwt-guard/core/adapter';
import {
  type TokenEndpointsOptions as EndpointOptions,
  serveTokenEndpoints,
  type TokenIssuer,
} from '@jwt-guard/issuer';
import express, { type Request, type Router } from 'express';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Express request. */
export type TokenEndpointsOptions = EndpointOptions<Request>;

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
  const serve = serveTokenEndpoints<Request>(tokens, options, {
    path: (req) => req.path,
    read: (req, tooLarge) => ({
      method: req.method,
      ...readNodeEndpointRequest(req, () => req.body, tooLarge),
    }),
  });
  return express.Router().use((req, res, next) => {
    const answer = serve(req);
    if (!answer) return next();
    // Never an unhandled rejection: Express 4 does not catch a handler's promise.
    answer
      .then((found) => {
        res.status(found.status);
        // Appended, never through a cookie helper: several Set-Cookie lines go out as given.
        for (const [name, value] of found.headers) res.append(name, value);
        res.end(found.body);
      })
      .catch(next);
  });
}
