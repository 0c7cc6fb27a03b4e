/**
 * The conformance routes on Hono. Runtime-neutral: the same module runs on Node, workerd,
 * Bun and Deno.
 */
import { type AuthVariables, jwtAuth, requireRole, requireScope } from '@jwt-guard/hono';
import { Hono } from 'hono';
import { type AppConfig, handled } from '../app-config.js';

/** Builds the Hono conformance app. */
export function createHonoApp(config: AppConfig): Hono<{ Variables: AuthVariables }> {
  const { issuer, audience } = config;
  const auth = jwtAuth({ issuer, audience, jwks: config.jwks });
  const app = new Hono<{ Variables: AuthVariables }>();
  const json = (body: string) =>
    new Response(body, { headers: { 'content-type': 'application/json' } });
  app.get('/public', (c) => c.text('public'));
  app.get('/me', auth, (c) => json(handled('me', c.get('auth').payload.sub)));
  app.get('/orders', auth, requireScope('read:orders'), (c) =>
    json(handled('orders', c.get('auth').payload.sub)),
  );
  app.get('/admin', auth, requireRole('admin'), (c) =>
    json(handled('admin', c.get('auth').payload.sub)),
  );
  app.get('/rotation', jwtAuth({ issuer, audience }), (c) =>
    json(handled('rotation', c.get('auth').payload.sub)),
  );
  app.get('/down', jwtAuth({ issuer: config.downIssuer, audience }), (c) =>
    json(handled('down', c.get('auth').payload.sub)),
  );
  return app;
}
