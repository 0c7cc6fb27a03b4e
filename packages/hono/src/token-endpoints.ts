/**
 * The first-party token endpoints on Hono, on every runtime Hono runs on: a Hono app that
 * lifts `@jwt-guard/issuer`'s framework-free handler with Web APIs only. It reads its own
 * body, so the app needs no body parser for it.
 */

import { readCappedBody } from '@jwt-guard/core/adapter';
import {
  type TokenEndpointsOptions as EndpointOptions,
  serveTokenEndpoints,
  type TokenIssuer,
  toWebResponse,
} from '@jwt-guard/issuer';
import { type Context, Hono } from 'hono';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Hono context. */
export type TokenEndpointsOptions = EndpointOptions<Context>;

async function readBody(c: Context, limitBytes: number, tooLarge: () => Error) {
  if (!c.req.raw.bodyUsed) return readCappedBody(c.req.raw, limitBytes, tooLarge);
  // An earlier middleware read it (Hono keeps a copy): what it read is already in memory.
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.length > limitBytes) throw tooLarge();
  return body;
}

/**
 * The token endpoints (login, refresh, revocation, logout, RFC 8414 metadata and the JWKS)
 * as a Hono app to mount with `app.route('/', …)`; every other request goes on to the app.
 * Paths are matched in full, so a prefix is the `basePath` option, not the mount path.
 *
 * @example
 * ```ts
 * const tokens = createTokenIssuer({ issuer, audience, keys: { encryptionSecret } });
 * app.route('/', tokenEndpoints(tokens, { authenticate: ({ body }) => checkPassword(body), cookie: true }));
 * app.use('/api/*', jwtAuth({ issuer, audience, isRevoked: tokens.isRevoked }));
 * ```
 */
export function tokenEndpoints(tokens: TokenIssuer, options: TokenEndpointsOptions): Hono {
  const serve = serveTokenEndpoints<Context>(tokens, options, {
    path: (c) => c.req.path,
    read: (c, tooLarge) => ({
      method: c.req.method,
      headers: c.req.raw.headers,
      readBody: (limitBytes) => readBody(c, limitBytes, tooLarge),
    }),
  });
  return new Hono().use(async (c, next) => {
    const answer = serve(c);
    return answer ? toWebResponse(await answer) : next();
  });
}
