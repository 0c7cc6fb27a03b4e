/** The first-party token endpoints on Koa: `@jwt-guard/issuer`'s Node lifting, as middleware. */
import * as issuer from '@jwt-guard/issuer';
import type { Context, Middleware } from 'koa';

/** Options of {@link tokenEndpoints}; `authenticate` and `rateLimit` receive the Koa context. */
export type TokenEndpointsOptions = issuer.TokenEndpointsOptions<Context>;

// Never `ctx.cookies`: its library refuses a Secure cookie on a plain-http connection, which
// would break browser mode on http://localhost. Koa gives a string body a text Content-Type
// of its own (and drops the body of a 204 itself): only the answer's may say what it is.
const answerOn = (ctx: Context): issuer.EndpointWriter => ({
  status: (code) => {
    ctx.status = code;
  },
  append: (name, value) => ctx.append(name, value),
  end: (body) => {
    const typed = ctx.res.hasHeader('Content-Type');
    ctx.body = body;
    if (!typed) ctx.remove('Content-Type');
  },
});

/** The token endpoints as middleware. See `NodeTokenEndpoints` in `@jwt-guard/issuer`. */
export const tokenEndpoints = issuer.liftNodeTokenEndpoints<Context, Middleware>({
  incoming: (ctx) => ctx.req,
  path: (ctx) => ctx.path,
  parsedBody: (ctx) => (ctx.request as { body?: unknown }).body,
  middleware: (serve) => (ctx, next) => serve(ctx, answerOn(ctx)) ?? next(),
}).tokenEndpoints;
