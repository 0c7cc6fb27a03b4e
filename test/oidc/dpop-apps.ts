/**
 * The API the DPoP tests call, on each adapter: `GET /orders` needs `read:orders` and
 * answers with the token's claims, its `cnf` (the key binding, RFC 9449 §6) included.
 */
import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import * as express from '@jwt-guard/express';
import * as hono from '@jwt-guard/hono';
import * as koa from '@jwt-guard/koa';
import Router from '@koa/router';
import Express from 'express';
import { Hono } from 'hono';
import type { JWTPayload } from 'jose';
import Koa from 'koa';
import type { ApiOptions, ApiTarget, HandlerCount } from './apps.js';

const claimsOf = (count: HandlerCount, payload: JWTPayload | undefined) => {
  count.handled += 1;
  return {
    iss: payload?.iss,
    sub: payload?.sub,
    aud: payload?.aud,
    scope: payload?.scope,
    cnf: payload?.cnf,
  };
};

function expressApi(options: ApiOptions, count: HandlerCount): RequestListener {
  const app = Express();
  app.use(express.jwtAuth(options));
  app.get('/orders', express.requireScope('read:orders'), (req, res) => {
    res.json(claimsOf(count, req.auth?.payload));
  });
  app.use(express.jwtErrorHandler());
  return app;
}

function koaApi(options: ApiOptions, count: HandlerCount): RequestListener {
  const router = new Router();
  router.get('/orders', koa.requireScope('read:orders'), (ctx) => {
    ctx.body = claimsOf(count, ctx.state.auth?.payload);
  });
  const app = new Koa();
  // Koa logs every error by default; these are expected refusals.
  app.silent = true;
  app.use(koa.jwtAuth(options));
  app.use(router.routes());
  return app.callback();
}

function honoApi(options: ApiOptions, count: HandlerCount): RequestListener {
  const app = new Hono<{ Variables: hono.AuthVariables }>();
  app.use(hono.jwtAuth(options));
  app.get('/orders', hono.requireScope('read:orders'), (c) =>
    c.json(claimsOf(count, c.get('auth').payload)),
  );
  return getRequestListener(app.fetch);
}

/**
 * Express, Koa and Hono (through `@hono/node-server`) on Node.
 *
 * @example
 * ```ts
 * for (const [name, build] of DPOP_API_TARGETS) describe(name, () => { ... build({ issuer, audience, binding: { dpop: {} } }, count) ... });
 * ```
 */
export const DPOP_API_TARGETS: readonly ApiTarget[] = [
  ['express', expressApi],
  ['koa', koaApi],
  ['hono', honoApi],
];
