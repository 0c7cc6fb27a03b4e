/**
 * The first-party token endpoints on Hono, on every runtime Hono runs on: a Hono app that
 * lifts `@jwt-guard/issuer`'s framework-free handler with Web APIs only. It reads its own
 * body, so the app needs no body parser for it.
 */

import { readCappedBody } from '@jwt-guard/core/adapter';
import {
  createTokenEndpoints,
  type TokenEndpointsOptions as EndpointOptions,
  IssuerError,
  type TokenIssuer,
} from '@jwt-guard/issuer';
import { type Context, Hono } from 'hono';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Hono context. */
export type TokenEndpointsOptions = EndpointOptions<Context>;

const tooLarge = () => new IssuerError('ERR_BODY_TOO_LARGE', 'body');

async function readBody(c: Context, limitBytes: number): Promise<Uint8Array> {
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
  const { handle, paths } = createTokenEndpoints<Context>(tokens, options);
  const ours = new Set(Object.values(paths));
  const app = new Hono();
  app.use(async (c, next) => {
    if (!ours.has(c.req.path)) return next();
    const answer = await handle({
      method: c.req.method,
      path: c.req.path,
      headers: c.req.raw.headers,
      readBody: (limitBytes) => readBody(c, limitBytes),
      raw: c,
    });
    if (!answer) return next();
    // Appended one by one: every Set-Cookie line is kept; the body goes out as given.
    const headers = new Headers();
    for (const [name, value] of answer.headers) headers.append(name, value);
    return new Response(answer.body === '' ? null : answer.body, {
      status: answer.status,
      headers,
    });
  });
  return app;
}
