// Run by built-packages.test.ts in plain Node against the built packages (no vitest
// aliases): one request without a token to each adapter on a real local issuer, and what
// the framework's own error handling sees, checked with the classes that adapter exports.
import { once } from 'node:events';
import { createServer } from 'node:http';
import * as expressGuard from '@jwt-guard/express';
import * as honoGuard from '@jwt-guard/hono';
import * as koaGuard from '@jwt-guard/koa';
import { createTestIssuer } from '@jwt-guard/testing';
import express from 'express';
import { Hono } from 'hono';
import Koa from 'koa';

/** What an app can tell about `error` from the adapter's own import. */
const classify = (adapter, error) => ({
  jwtGuardError: error instanceof adapter.JwtGuardError,
  unauthorizedError: error instanceof adapter.UnauthorizedError,
  code: error instanceof adapter.JwtGuardError ? error.code : undefined,
});

/** Serves `listener` on 127.0.0.1 port 0 for one request without a token; its status. */
async function requestWithoutToken(listener) {
  const server = createServer(listener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const response = await fetch(`http://127.0.0.1:${server.address().port}/`);
    return response.status;
  } finally {
    server.close();
  }
}

async function viaExpress(options) {
  let seen;
  const app = express();
  app.use(expressGuard.jwtAuth(options));
  app.use((error, _req, res, _next) => {
    seen = classify(expressGuard, error);
    res.status(error.status ?? 500).end();
  });
  const status = await requestWithoutToken(app);
  return { status, ...seen };
}

async function viaKoa(options) {
  let seen;
  const app = new Koa();
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      seen = classify(koaGuard, error);
      ctx.status = error.status ?? 500;
    }
  });
  app.use(koaGuard.jwtAuth(options));
  const status = await requestWithoutToken(app.callback());
  return { status, ...seen };
}

// Hono answers through its fetch handler: no socket is needed to reach its error handling.
async function viaHono(options) {
  let seen;
  const app = new Hono();
  app.use(honoGuard.jwtAuth(options));
  app.onError((error, c) => {
    seen = classify(honoGuard, error.cause);
    return 'getResponse' in error ? error.getResponse() : c.text('', 500);
  });
  const { status } = await app.request('http://127.0.0.1/');
  return { status, ...seen };
}

const issuer = await createTestIssuer();
try {
  const options = { issuer: issuer.issuer, audience: issuer.audience };
  const results = {
    express: await viaExpress(options),
    koa: await viaKoa(options),
    hono: await viaHono(options),
  };
  console.log(JSON.stringify(results));
} finally {
  await issuer.close();
}
