/**
 * The API the OpenID Provider tests call, on each adapter: `GET /orders` needs
 * `read:orders`, `GET /admin` needs `admin:all`; both answer with the token's claims.
 */
import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { OwnVerifierOptions } from '@jwt-guard/core';
import * as express from '@jwt-guard/express';
import * as hono from '@jwt-guard/hono';
import * as koa from '@jwt-guard/koa';
import Router from '@koa/router';
import Express from 'express';
import { Hono } from 'hono';
import type { JWTPayload } from 'jose';
import Koa from 'koa';

/** The `jwtAuth` options of an API: the same object on every adapter. */
export type ApiOptions = OwnVerifierOptions;

/** Counts the requests a route handler answered, so a refusal can show none ran. */
export interface HandlerCount {
  handled: number;
}

/** A named way to build an API's request listener. */
export type ApiTarget = readonly [
  name: string,
  build: (options: ApiOptions, count: HandlerCount) => RequestListener,
];

/** What each route answers: the claims a caller would act on. */
const claimsOf = (count: HandlerCount, payload: JWTPayload | undefined) => {
  count.handled += 1;
  return { iss: payload?.iss, sub: payload?.sub, aud: payload?.aud, scope: payload?.scope };
};

const GUARDED = [
  ['/orders', 'read:orders'],
  ['/admin', 'admin:all'],
] as const;

function expressApi(options: ApiOptions, count: HandlerCount): RequestListener {
  const app = Express();
  app.use(express.jwtAuth(options));
  for (const [path, scope] of GUARDED) {
    app.get(path, express.requireScope(scope), (req, res) => {
      res.json(claimsOf(count, req.auth?.payload));
    });
  }
  app.use(express.jwtErrorHandler());
  return app;
}

function koaApi(options: ApiOptions, count: HandlerCount): RequestListener {
  const router = new Router();
  for (const [path, scope] of GUARDED) {
    router.get(path, koa.requireScope(scope), (ctx) => {
      ctx.body = claimsOf(count, ctx.state.auth?.payload);
    });
  }
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
  for (const [path, scope] of GUARDED) {
    app.get(path, hono.requireScope(scope), (c) => c.json(claimsOf(count, c.get('auth').payload)));
  }
  return getRequestListener(app.fetch);
}

/**
 * Express, Koa and Hono (through `@hono/node-server`) on Node.
 *
 * @example
 * ```ts
 * for (const [name, build] of API_TARGETS) describe(name, () => { ... build(options, count) ... });
 * ```
 */
export const API_TARGETS: readonly ApiTarget[] = [
  ['express', expressApi],
  ['koa', koaApi],
  ['hono', honoApi],
];
