/**
 * The first-party token endpoints on Koa: a middleware that lifts `@jwt-guard/issuer`'s
 * framework-free handler. It reads its own body, so the app needs no body parser for it.
 */
import { headersFromRaw, readNodeBody } from '@jwt-guard/core/adapter';
import {
  createTokenEndpoints,
  type TokenEndpointsOptions as EndpointOptions,
  type EndpointResponse,
  IssuerError,
  type TokenIssuer,
} from '@jwt-guard/issuer';
import type { Context, Middleware } from 'koa';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Koa context. */
export type TokenEndpointsOptions = EndpointOptions<Context>;

const tooLarge = () => new IssuerError('ERR_BODY_TOO_LARGE', 'body');

// Statuses whose answer has no body (RFC 9110 §15.3.5, §15.4.5): Koa sends none for them.
const NO_BODY = new Set([204, 205, 304]);

function write(ctx: Context, answer: EndpointResponse): void {
  ctx.status = answer.status;
  // Never `ctx.cookies`: its library refuses a Secure cookie on a plain-http connection, which
  // would break browser mode on http://localhost. Several Set-Cookie lines go out as given.
  for (const [name, value] of answer.headers) ctx.append(name, value);
  if (answer.body !== '') {
    ctx.body = answer.body;
    return;
  }
  // `null` on a status that is not bodyless would make Koa answer 204 instead, and `''`
  // makes it add a text Content-Type the answer does not have.
  ctx.body = NO_BODY.has(answer.status) ? null : '';
  if (!answer.headers.some(([name]) => name.toLowerCase() === 'content-type')) {
    ctx.remove('Content-Type');
  }
}

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
  const { handle, paths } = createTokenEndpoints<Context>(tokens, options);
  const ours = new Set(Object.values(paths));
  return async (ctx, next) => {
    if (!ours.has(ctx.path)) return next();
    const answer = await handle({
      method: ctx.method,
      path: ctx.path,
      headers: headersFromRaw(ctx.req.rawHeaders),
      readBody: (limitBytes) => readNodeBody(ctx.req, limitBytes, tooLarge),
      // A stream some parser has spent: its result is all there is to read.
      ...(ctx.req.readableEnded ? { parsedBody: (ctx.request as { body?: unknown }).body } : {}),
      raw: ctx,
    });
    if (answer) write(ctx, answer);
    else await next();
  };
}
