/** The example API: public, authenticated, scope-guarded and role-guarded routes. */
import {
  type JwtAuthOptions,
  jwtAuth,
  jwtErrorHandler,
  requireRole,
  requireScope,
} from '@jwt-guard/express';
import express, { type Express } from 'express';

/**
 * Builds the API for an issuer and audience.
 *
 * @example
 * ```ts
 * createApp({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' }).listen(3000);
 * ```
 */
export function createApp(auth: JwtAuthOptions): Express {
  const app = express();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Everything below needs a valid token.
  app.use('/api', jwtAuth(auth));

  app.get('/api/me', (req, res) => {
    res.json({ sub: req.auth?.payload.sub, scope: req.auth?.payload.scope ?? null });
  });

  app.get('/api/orders', requireScope('read:orders'), (_req, res) => {
    res.json({ orders: [{ id: 1, total: 42 }] });
  });

  app.delete('/api/orders/:id', requireRole('admin'), (req, res) => {
    res.json({ deleted: req.params.id });
  });

  // Refusals answer with their status, challenge and a short text body: without this,
  // Express's default handler logs a stack trace for every 401 and 403, and in
  // development sends it to the client as HTML, file paths and all.
  app.use(jwtErrorHandler());

  return app;
}
