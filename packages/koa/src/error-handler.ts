/**
 * Answering jwt-guard's refusals inside the middleware chain, so that Koa's `app.onerror`
 * never sees them. Koa logs the stack of every error it handles unless `err.expose` is
 * true or the status is 404 (koa `lib/application.js`, `onerror`): a 503 (`expose: false`,
 * as http-errors has it for every 5xx) printed a stack trace per request during an
 * identity-provider outage, which the `events` option already reports once per key fetch.
 */
import { JwtGuardError, toErrorResponse } from '@jwt-guard/core/adapter';
import type { Middleware } from 'koa';

/**
 * Middleware that answers every `JwtGuardError` thrown downstream with its status, headers
 * (the challenge, or `Retry-After`) and a short text body, the same answer Koa's default
 * handler gives, but without logging it. Every other error goes on to Koa as before. Put it
 * first, before `jwtAuth` and the routes.
 *
 * @example
 * ```ts
 * const app = new Koa();
 * app.use(jwtErrorHandler());
 * app.use(jwtAuth({ issuer, audience }));
 * ```
 */
export function jwtErrorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof JwtGuardError)) throw error;
      const { status, headers, body } = toErrorResponse(error);
      ctx.status = status;
      ctx.set(headers);
      ctx.body = body;
    }
  };
}
