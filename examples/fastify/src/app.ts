/** The example API: public, authenticated, scope-guarded and role-guarded routes. */
import { type JwtAuthOptions, jwtAuth, requireRole, requireScope } from '@jwt-guard/fastify';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';

/**
 * Builds the API for an issuer and audience (not yet listening).
 *
 * @example
 * ```ts
 * const app = await createApp({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
 * await app.listen({ port: 3000 });
 * ```
 */
export async function createApp(
  auth: JwtAuthOptions,
  server: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify(server);

  app.get('/health', async () => ({ status: 'ok' }));

  // Everything under /api needs a valid token: the plugin protects the scope that
  // registers it, not the root (so /health stays public).
  await app.register(
    async (api) => {
      await api.register(jwtAuth, auth);

      api.get('/me', async (request) => ({
        sub: request.auth?.payload.sub,
        scope: request.auth?.payload.scope ?? null,
      }));

      api.get('/orders', { preHandler: requireScope('read:orders') }, async () => ({
        orders: [{ id: 1, total: 42 }],
      }));

      api.delete<{ Params: { id: string } }>(
        '/orders/:id',
        { preHandler: requireRole('admin') },
        async (request) => ({ deleted: request.params.id }),
      );
    },
    { prefix: '/api' },
  );

  // Refusals need no error handler: the plugin answers them with their status, challenge and
  // a short text body, and Fastify logs them as completed responses, without a stack.
  return app;
}
