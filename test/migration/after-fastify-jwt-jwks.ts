/** After: the fastify-jwt-jwks app on @jwt-guard/fastify. */
import { jwtAuth } from '@jwt-guard/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { IssuerTarget } from './target.js';

/**
 * The same app after the migration: the protected routes in one scope that registers
 * `jwtAuth`, the claims on `request.auth.payload`.
 *
 * @example
 * ```ts
 * await (await createApp(target)).listen({ port: 3000 });
 * ```
 */
export async function createApp({ issuer, audience }: IssuerTarget): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(async (api) => {
    await api.register(jwtAuth, { issuer, audience });
    api.get('/me', async (request) => ({ sub: request.auth?.payload.sub }));
  });
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}
