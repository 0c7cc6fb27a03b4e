/**
 * The first-party token endpoints on Koa: a middleware that lifts `@jwt-guard/issuer`'s
 * framework-free handler. It reads its own body, so the app needs no body parser for it.
 */
import { readNodeEndpointRequest } from '@jwt-guard/core/adapter';
import {
  type TokenEndpointsOptions as EndpointOptions,
  type EndpointResponse,
  serveTokenEndpoints,
  type TokenIssuer,
} from '@jwt-guard/issuer';
import type { Context, Middleware } from 'koa';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Koa context. */
export type TokenEndpointsOptions = EndpointOptions<Context>;

/**
 * The token endpoints (login, refresh, revocation, logout, RFC 8414 metadata and the JWKS)
 * as a Koa middleware; every other request goes on downstream. A body an earlier parser
 * already read is taken from `ctx.request.body`.
 *
 * @example
 * ```ts
 * const tokens = createTokenIssuer({ issuer, audience, keys: { encryptionSecret } });
 * app.use(tokenEndpoints(tokens, { authenticate: ({ body }) => checkPassword(body), cookie: true }));
 * app.use(jwtAuth({ issuer, audience, isRevoked: tokens.isRevoked }));
 * ```
 */
export function tokenEndpoints(tokens: TokenIssuer, options: TokenEndpointsOptions): Middleware {
  const serve = serveTokenEndpoints<Context>(tokens, options, {
    path: (ctx) => ctx.path,
    read: (ctx, tooLarge) => ({
      method: ctx.method,
      ...readNodeEndpointRequest(ctx.req, () => (ctx.request as { body?: unknown }).body, tooLarge),
    }),
  });
  return (ctx, next) => {
    const answer = serve(ctx);
    if (!answer) return next();
    return answer.then((found) => write(ctx, found));
  };
}

function write(ctx: Context, answer: EndpointResponse): void {
  ctx.status = answer.status;
  // Koa drops the body of a 204 itself, and gives a string body a text Content-Type of its
  // own: removed, so that only the answer's headers say what the body is.
  ctx.body = answer.body;
  ctx.remove('Content-Type');
  // Never `ctx.cookies`: its library refuses a Secure cookie on a plain-http connection,
  // which would break browser mode on http://localhost. Set-Cookie lines go out as given.
  for (const [name, value] of answer.headers) ctx.append(name, value);
}
