/**
 * The token-endpoint conformance app on Hono. Runtime-neutral: Web APIs only, no body
 * parser (Hono has none in front of routes).
 */
import { jwtAuth, tokenEndpoints } from '@jwt-guard/hono';
import { Hono } from 'hono';
import { createTestTokens, endpointOptions, me, verifierOptions } from './token-app-config.js';

/** Builds the app served at `origin`. */
export function createHonoTokenApp(origin: string): Hono {
  const tokens = createTestTokens(origin);
  const app = new Hono();
  app.route('/', tokenEndpoints(tokens, endpointOptions('mobile')));
  app.route('/', tokenEndpoints(tokens, endpointOptions('browser')));
  app.get('/public', (c) => c.text('public'));
  app.get('/api/me', jwtAuth(verifierOptions(origin, tokens)), (c) =>
    c.json(me(c.get('auth').payload)),
  );
  return app;
}
