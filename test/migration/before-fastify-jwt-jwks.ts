/** Before: fastify-jwt-jwks, authenticating per route with `preValidation`. */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyJwtJwks from 'fastify-jwt-jwks';
import type { IssuerTarget } from './target.js';

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
