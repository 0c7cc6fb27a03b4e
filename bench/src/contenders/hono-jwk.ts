/**
 * Hono's `jwk` middleware through `app.request()`: as documented, with `jwks_uri` (it
 * fetches the JWKS on every request), and with the keys given up front.
 */
import { Hono } from 'hono';
import { jwk } from 'hono/jwk';
import { honoDriver } from './hono-driver.js';
import type { Contender, ContenderContext, Prepared } from './types.js';

type JwkOptions = Parameters<typeof jwk>[0];

function prepare({ issuer, algorithms }: ContenderContext, source: 'jwks_uri' | 'keys'): Prepared {
  const middleware = jwk({
    ...(source === 'jwks_uri'
      ? { jwks_uri: issuer.jwksUri }
      : { keys: issuer.jwks().keys as JwkOptions['keys'] }),
    alg: [...algorithms] as JwkOptions['alg'],
    verification: { iss: issuer.issuer, aud: issuer.audience },
  });
  return { verify: honoDriver(new Hono().get('/hello', middleware, (c) => c.text('ok'))) };
}

/**
 * `jwk({ jwks_uri })`, the documented set-up.
 *
 * @example
 * ```ts
 * const driver = await honoJwk.prepare(context);
 * ```
 */
export const honoJwk: Contender = {
  id: 'hono-jwk',
  label: 'hono/jwk jwks_uri (app.request)',
  baseline: 'ours-hono',
  prepare: async (context) => prepare(context, 'jwks_uri'),
};

/**
 * `jwk({ keys })`: no fetch, still one key import per request.
 *
 * @example
 * ```ts
 * const driver = await honoJwkKeys.prepare(context);
 * ```
 */
export const honoJwkKeys: Contender = {
  id: 'hono-jwk-keys',
  label: 'hono/jwk static keys (app.request)',
  baseline: 'ours-hono',
  prepare: async (context) => prepare(context, 'keys'),
};
