/**
 * Ours behind a framework adapter, driven in-process, with `cache: false`: the
 * like-for-like baseline for peers that can only be driven as middleware and keep no
 * token cache (express-oauth2-jwt-bearer, hono/jwk).
 */
import { type JwtAuthOptions, jwtAuth } from '@jwt-guard/express';
import { Hono, type MiddlewareHandler } from 'hono';
import { importOptional, missingAdapterNote } from '../optional-import.js';
import { driveMiddleware } from './fake-express.js';
import { honoDriver } from './hono-driver.js';
import type { Contender } from './types.js';

/**
 * @jwt-guard/express `jwtAuth({ issuer, audience, cache: false })` called with a fake request.
 *
 * @example
 * ```ts
 * const driver = await oursExpress.prepare(context);
 * ```
 */
export const oursExpress: Contender = {
  id: 'ours-express',
  label: 'ours via @jwt-guard/express, no cache (fake req)',
  async prepare({ issuer }) {
    const options = { issuer: issuer.issuer, audience: issuer.audience, cache: false };
    return { verify: driveMiddleware(jwtAuth(options as JwtAuthOptions)) };
  },
};

interface HonoAdapter {
  jwtAuth(options: { issuer: string; audience: string; cache: false }): MiddlewareHandler;
}

/**
 * @jwt-guard/hono `jwtAuth({ issuer, audience, cache: false })` through `app.request()`;
 * skipped while the adapter is missing.
 *
 * @example
 * ```ts
 * const driver = await oursHono.prepare(context);
 * ```
 */
export const oursHono: Contender = {
  id: 'ours-hono',
  label: 'ours via @jwt-guard/hono, no cache (app.request)',
  async prepare({ issuer }) {
    const adapter = await importOptional<HonoAdapter>('@jwt-guard/hono');
    if (!adapter) return { skipped: missingAdapterNote('@jwt-guard/hono') };
    const auth = adapter.jwtAuth({
      issuer: issuer.issuer,
      audience: issuer.audience,
      cache: false,
    });
    return { verify: honoDriver(new Hono().get('/hello', auth, (c) => c.text('ok'))) };
  },
};
