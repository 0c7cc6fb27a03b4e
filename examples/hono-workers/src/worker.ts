/**
 * The example API as a Cloudflare Worker: public, authenticated, scope-guarded and
 * role-guarded routes, with the issuer and audience taken from the Worker's bindings.
 */
import {
  type AuthVariables,
  type JwtAuthOptions,
  jwtAuth,
  requireRole,
  requireScope,
} from '@jwt-guard/hono';
import { type ExecutionContext, Hono } from 'hono';

/** The Worker's bindings: plain-text vars (`vars` in the wrangler config). */
export interface Env {
  /** The issuer identifier, e.g. `https://id.example.com/`. */
  readonly ISSUER: string;
  /** This API's identifier, the `aud` its tokens carry. */
  readonly AUDIENCE: string;
}

/**
 * Builds the API for an issuer and audience.
 *
 * @example
 * ```ts
 * const app = createApp({ issuer: 'https://id.example.com/', audience: 'https://api.example.com' });
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

// One app per isolate, built on the first request (bindings arrive with requests), so its
// key cache serves every later request the isolate handles. An app or a jwtAuth made per
// request would fetch the issuer's metadata and keys on every request.
let app: ReturnType<typeof createApp> | undefined;

/**
 * The Worker (a module Worker's default export).
 *
 * @example
 * ```ts
 * // wrangler.jsonc: { "main": "src/worker.ts", "compatibility_date": "2026-07-01",
 * //   "vars": { "ISSUER": "https://id.example.com/", "AUDIENCE": "https://api.example.com" } }
 * ```
 */
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    app ??= createApp({ issuer: env.ISSUER, audience: env.AUDIENCE });
    return app.fetch(request, env, ctx);
  },
};
