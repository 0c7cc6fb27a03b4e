/** The Koa app: the JSON route behind no auth, ours or koa-jwt + jwks-rsa. */
import { type RequestListener, STATUS_CODES } from 'node:http';
import jwksRsa from 'jwks-rsa';
import Koa from 'koa';
import koaJwt from 'koa-jwt';
import { BODY, type IssuerTarget, ROUTE } from '../variants.js';

/**
 * Builds the Koa app for `auth` (`none`, `bare`, `noop`, `ours`, `koa-jwt`).
 *
 * @example
 * ```ts
 * createServer(await koaApp('koa-jwt', target)).listen(0, '127.0.0.1');
 * ```
 */
export async function koaApp(auth: string, target: IssuerTarget): Promise<RequestListener> {
  const { issuer, audience, jwksUri } = target;
  const app = new Koa();
  app.use(answerErrors);
  if (auth === 'ours') {
    // Loaded only by the server that uses it, so the other servers never depend on its build.
    const adapter = await import('@jwt-guard/koa');
    app.use(adapter.jwtAuth({ issuer, audience }));
  } else if (auth === 'koa-jwt') {
    const secret = jwksRsa.koaJwtSecret({ jwksUri, cache: true, rateLimit: true });
    app.use(koaJwt({ secret, issuer, audience, algorithms: ['RS256', 'ES256'] }));
  } else if (auth === 'bare') {
    // What a middleware and a state variable cost here, with nothing read.
    app.use((ctx, next) => {
      ctx.state.auth = BODY;
      return next();
    });
  } else if (auth === 'noop') {
    // The floor of an auth middleware: read the header, attach it, go on.
    app.use((ctx, next) => {
      ctx.state.auth = ctx.get('authorization');
      return next();
    });
  } else if (auth !== 'none') throw new TypeError(`unknown koa auth ${auth}`);
  app.use((ctx) => {
    if (ctx.method === 'GET' && ctx.path === ROUTE) ctx.body = BODY;
  });
  return app.callback();
}

interface HttpError {
  readonly status?: number;
  readonly expose?: boolean;
  readonly headers?: Record<string, string>;
  readonly message?: string;
}

// What a production app adds, as on Express: an error middleware first, answering as Koa's
// own handler does (status, the error's headers, its message when exposed) without going
// through `ctx.onerror`, which rebuilds the response and emits an app-level "error" event
// for each refused request. Every contender gets it, ours (whose `jwtErrorHandler()` the
// README recommends in its place) and koa-jwt alike.
const answerErrors: Koa.Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (caught) {
    const error = caught as HttpError;
    const status = typeof error.status === 'number' ? error.status : 500;
    ctx.status = status;
    ctx.set(error.headers ?? {});
    ctx.body = error.expose === true && error.message ? error.message : STATUS_CODES[status];
  }
};
