/**
 * The token-endpoint conformance app on Koa; the framework is a parameter, so Koa 2 runs it
 * too. A JSON body parser sits in front: JSON bodies reach the endpoints already parsed, form
 * bodies (which it leaves unread) are read by the endpoints themselves.
 */
import { jwtAuth, jwtErrorHandler, tokenEndpoints } from '@jwt-guard/koa';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import {
  createTestTokens,
  endpointOptions,
  KOA_COOKIE_PROBE,
  me,
  verifierOptions,
} from './token-app-config.js';

/** Builds the app served at `origin`. */
export function createKoaTokenApp(origin: string, framework = Koa): Koa {
  const tokens = createTestTokens(origin);
  const router = new Router();
  router.get('/public', (ctx) => {
    ctx.type = 'text';
    ctx.body = 'public';
  });
  router.get('/api/me', jwtAuth(verifierOptions(origin, tokens)), (ctx) => {
    ctx.body = me(ctx.state.auth.payload);
  });
  // What Koa's own cookie library does with a Secure cookie on this plain-http connection.
  router.get(KOA_COOKIE_PROBE, (ctx) => {
    try {
      ctx.cookies.set('probe', '1', { secure: true });
      ctx.body = 'set';
    } catch {
      ctx.body = 'refused';
    }
  });
  const app = new framework();
  app.silent = true;
  app.use(jwtErrorHandler());
  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(tokenEndpoints(tokens, endpointOptions('mobile')));
  app.use(tokenEndpoints(tokens, endpointOptions('browser')));
  app.use(router.routes());
  return app;
}
