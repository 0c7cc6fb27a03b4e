/**
 * The Hono app of the mTLS tests: one protected route, `/me`. Runtime-neutral, so the same
 * module serves on Node (through @hono/node-server), under `app.fetch` and in workerd.
 */
import { type AuthVariables, jwtAuth } from '@jwt-guard/hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Observer } from './observer.js';

/** The `jwtAuth` options every mTLS app takes: an issuer, an audience and `binding.mtls`. */
export interface MtlsAuthOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly binding: {
    readonly mtls: { readonly required?: boolean; readonly certificateHeader?: string };
  };
}

/**
 * Builds the app: `GET /me` answers `{ sub }` behind `jwtAuth(options)`. The observer, when
 * given, sees each outcome; refusals are answered as the adapter prepared them.
 *
 * @example
 * ```ts
 * const app = createMtlsHonoApp({ issuer, audience, binding: { mtls: {} } });
 * const response = await app.fetch(request);
 * ```
 */
export function createMtlsHonoApp(options: MtlsAuthOptions, observer?: Observer) {
  const app = new Hono<{ Variables: AuthVariables }>();
  app.use('/me', jwtAuth(options));
  app.get('/me', (c) => {
    observer?.handled();
    return c.json({ sub: c.get('auth').payload.sub });
  });
  app.onError((error, c) => {
    observer?.refused(error.cause);
    return error instanceof HTTPException ? error.getResponse() : c.text('Internal error', 500);
  });
  return app;
}
