/** The Hono app on @hono/node-server: the JSON route behind no auth, ours (when built) or hono/jwk. */
import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { jwk } from 'hono/jwk';
import { importOptional, missingAdapterNote } from '../../optional-import.js';
import { BODY, type IssuerTarget, ROUTE } from '../variants.js';

interface HonoAdapter {
  jwtAuth(options: { issuer: string; audience: string }): MiddlewareHandler;
}

/**
 * Builds the Hono app for `auth` (`none`, `ours`, `hono-jwk`), as a Node request listener.
 *
 * @example
 * ```ts
 * createServer(await honoApp('hono-jwk', target)).listen(0, '127.0.0.1');
 * ```
 */
export async function honoApp(auth: string, target: IssuerTarget): Promise<RequestListener> {
  const { issuer, audience, jwksUri } = target;
  const app = new Hono();
  if (auth === 'ours') {
    const adapter = await importOptional<HonoAdapter>('@jwt-guard/hono');
    if (!adapter) throw new Error(missingAdapterNote('@jwt-guard/hono'));
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
  } else if (auth !== 'none') throw new TypeError(`unknown hono auth ${auth}`);
  app.get(ROUTE, (c) => c.json(BODY));
  return getRequestListener(app.fetch) as RequestListener;
}
