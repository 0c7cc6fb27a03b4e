/** Before: fastify-jwt-jwks, authenticating per route with `preValidation`. */
import Fastify, { type FastifyInstance } from 'fastify';
import jwtJwksModule from 'fastify-jwt-jwks';
import type { IssuerTarget } from './target.js';

// The module itself is the plugin (made with fastify-plugin, so `app.authenticate` lands on
// the app); its types give an import of it as the module's namespace.
const fastifyJwtJwks = jwtJwksModule as unknown as typeof jwtJwksModule.fastifyJwtJwks;

/**
 * The app before the migration: `server.authenticate` on each protected route, claims on
 * `request.user`.
 *
 * @example
 * ```ts
 * await (await createApp(target)).listen({ port: 3000 });
 * ```
 */
export async function createApp({
  issuer,
  audience,
  jwksUri,
}: IssuerTarget): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(fastifyJwtJwks, { jwksUrl: jwksUri, issuer, audience });
  app.get('/me', { preValidation: app.authenticate }, async (request) => ({
    sub: (request.user as { sub?: string }).sub,
  }));
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}
