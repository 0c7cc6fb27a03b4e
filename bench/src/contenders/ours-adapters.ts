/**
 * Ours behind a framework adapter, driven in-process, with `cache: false`: the
 * like-for-like baseline for peers that can only be driven as middleware and keep no
 * token cache (express-oauth2-jwt-bearer, hono/jwk).
 */
import { jwtAuth } from '@jwt-guard/express';
import { jwtAuth as honoJwtAuth } from '@jwt-guard/hono';
import { Hono } from 'hono';
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
    const options = { issuer: issuer.issuer, audience: issuer.audience, cache: false } as const;
    return { verify: driveMiddleware(jwtAuth(options)) };
  },
};

/**
 * @jwt-guard/hono `jwtAuth({ issuer, audience, cache: false })` through `app.request()`.
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
    const auth = honoJwtAuth({
      issuer: issuer.issuer,
      audience: issuer.audience,
      cache: false,
    });
    return { verify: honoDriver(new Hono().get('/hello', auth, (c) => c.text('ok'))) };
  },
};
