/** The example API on Hono: public, authenticated, scope-guarded and role-guarded routes. */
import {
  type AuthVariables,
  type JwtAuthOptions,
  jwtAuth,
  requireRole,
  requireScope,
} from '@jwt-guard/hono';
import { Hono } from 'hono';

/**
 * Builds the API for an issuer and audience.
 *
 * @example
 * ```ts
 * serve({ fetch: createApp({ issuer, audience }).fetch, port: 3002 });
 * ```
 */
export function createApp(auth: JwtAuthOptions): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.use('/api/*', jwtAuth(auth));
  app.get('/api/me', (c) => {
    const { payload } = c.get('auth');
    return c.json({ sub: payload.sub, scope: payload.scope ?? null });
  });
  app.get('/api/orders', requireScope('read:orders'), (c) =>
    c.json({ orders: [{ id: 1, total: 42 }] }),
  );
  app.delete('/api/orders/:id', requireRole('admin'), (c) =>
    c.json({ deleted: c.req.param('id') }),
  );
  return app;
}
