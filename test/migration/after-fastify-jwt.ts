/** After: the @fastify/jwt app on @jwt-guard/fastify. */
import { jwtAuth } from '@jwt-guard/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { IssuerTarget } from './target.js';

/**
 * The same app after the migration: the claims are `request.auth.payload`.
 *
 * @example
 * ```ts
 * await (await createApp(target)).listen({ port: 3000 });
 * ```
 */
export async function createApp({ issuer, audience }: IssuerTarget): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(jwtAuth, { issuer, audience, algorithms: ['RS256'] });
  app.get('/me', async (request) => ({ sub: request.auth?.payload.sub }));
  return app;
}
