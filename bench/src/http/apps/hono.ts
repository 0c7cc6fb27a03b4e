/** The Hono app on @hono/node-server: the JSON route behind no auth, ours or hono/jwk. */
import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { jwk } from 'hono/jwk';
import { BODY, type IssuerTarget, ROUTE } from '../variants.js';

/**
 * Builds the Hono app for `auth` (`none`, `bare`, `noop`, `ours`, `hono-jwk`), as a Node request listener.
 *
 * @example
 * ```ts
 * createServer(await honoApp('hono-jwk', target)).listen(0, '127.0.0.1');
 * ```
 */
export async function honoApp(auth: string, target: IssuerTarget): Promise<RequestListener> {
  const { issuer, audience, jwksUri } = target;
  const app = new Hono();
  // What a production app adds, as on Express and Koa, for every contender: an error handler
  // that answers an HTTPException with its own response. Hono's default one reads that
  // response's body back as a stream, which takes @hono/node-server off its light response
  // path for each refused request (the README's Hono section recommends this handler).
  app.onError((error, c) =>
    error instanceof HTTPException ? error.getResponse() : c.text('Internal Server Error', 500),
  );
  if (auth === 'ours') {
    // Loaded only by the server that uses it, so the other servers never depend on its build.
    const adapter = await import('@jwt-guard/hono');
    app.use(ROUTE, adapter.jwtAuth({ issuer, audience }));
  } else if (auth === 'hono-jwk') {
    app.use(
      ROUTE,
      jwk({
        jwks_uri: jwksUri,
        alg: ['RS256', 'ES256', 'EdDSA'],
        verification: { iss: issuer, aud: audience },
      }),
    );
  } else if (auth === 'bare') {
    // What a middleware and a context variable cost here, with nothing read.
    app.use(ROUTE, (c, next) => {
      c.set('auth' as never, BODY as never);
      return next();
    });
  } else if (auth === 'noop') {
    // The floor of an auth middleware: read the header, attach it, go on.
    app.use(ROUTE, (c, next) => {
      c.set('auth' as never, c.req.header('authorization') as never);
      return next();
    });
  } else if (auth !== 'none') throw new TypeError(`unknown hono auth ${auth}`);
  app.get(ROUTE, (c) => c.json(BODY));
  return getRequestListener(app.fetch) as RequestListener;
}
