/** The Fastify app: the JSON route behind no auth, ours or fastify-jwt-jwks (on @fastify/jwt). */
import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import Fastify from 'fastify';
import jwtJwksModule from 'fastify-jwt-jwks';
import { BODY, type IssuerTarget, ROUTE } from '../variants.js';

// The module itself is the plugin (made with fastify-plugin, so `app.authenticate` lands on
// the app); its types give an import of it as the module's namespace.
const fastifyJwtJwks = jwtJwksModule as unknown as typeof jwtJwksModule.fastifyJwtJwks;

/** The request as the bare and no-op hooks see it: `auth` holds anything. */
type Decorated = { auth?: unknown };

/**
 * Builds the Fastify app for `auth` (`none`, `bare`, `noop`, `ours`, `fastify-jwt-jwks`), as
 * the request listener Fastify's own server would be given (its `serverFactory` handler),
 * so that the bench serves it as it serves the others.
 *
 * @example
 * ```ts
 * createServer(await fastifyApp('ours', target)).listen(0, '127.0.0.1');
 * ```
 */
export async function fastifyApp(auth: string, target: IssuerTarget): Promise<RequestListener> {
  const { issuer, audience, jwksUri } = target;
  let listener: RequestListener | undefined;
  const app = Fastify({
    serverFactory: (handler) => {
      listener = handler;
      return createServer(handler);
    },
  });
  if (auth === 'ours') {
    // Loaded only here, so the peers' servers never load (or wait on a rebuild of) ours.
    const { jwtAuth } = await import('@jwt-guard/fastify');
    await app.register(jwtAuth, { issuer, audience });
  } else if (auth === 'fastify-jwt-jwks') {
    await app.register(fastifyJwtJwks, { jwksUrl: jwksUri, issuer, audience });
    app.addHook('onRequest', app.authenticate);
  } else if (auth === 'bare') {
    // What an onRequest hook and a request decorator cost here, with nothing read.
    app.decorateRequest('auth', undefined);
    app.addHook('onRequest', (request, _reply, done) => {
      (request as Decorated).auth = BODY;
      done();
    });
  } else if (auth === 'noop') {
    // The floor of an auth hook: read the header, attach it, go on.
    app.decorateRequest('auth', undefined);
    app.addHook('onRequest', (request, _reply, done) => {
      (request as Decorated).auth = request.headers.authorization;
      done();
    });
  } else if (auth !== 'none') throw new TypeError(`unknown fastify auth ${auth}`);
  app.get(ROUTE, async () => BODY);
  await app.ready();
  return listener as RequestListener;
}
