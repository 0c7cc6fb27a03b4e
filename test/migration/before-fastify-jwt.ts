/** Before: @fastify/jwt with get-jwks's key lookup, as @fastify/jwt's README shows it. */
import fastifyJwt from '@fastify/jwt';
import Fastify, { type FastifyInstance } from 'fastify';
import buildGetJwks from 'get-jwks';
import type { IssuerTarget } from './target.js';

/**
 * The app before the migration: claims on `request.user`.
 *
 * @example
 * ```ts
 * await (await createApp(target)).listen({ port: 3000 });
 * ```
 */
export async function createApp({ issuer, audience }: IssuerTarget): Promise<FastifyInstance> {
  const app = Fastify();
  const getJwks = buildGetJwks({ providerDiscovery: true, issuersWhitelist: [issuer] });
  await app.register(fastifyJwt, {
    decode: { complete: true },
    secret: (_request: unknown, token: unknown) => {
      const { header, payload } = token as {
        header: { kid: string; alg: string };
        payload: { iss: string };
      };
      return getJwks.getPublicKey({ kid: header.kid, alg: header.alg, domain: payload.iss });
    },
    verify: { allowedIss: issuer, allowedAud: audience, algorithms: ['RS256'] },
  });
  app.addHook('onRequest', async (request) => {
    await request.jwtVerify();
  });
  app.get('/me', async (request) => ({ sub: (request.user as { sub?: string }).sub }));
  return app;
}
