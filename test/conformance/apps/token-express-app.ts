/**
 * The token-endpoint conformance app on Express; the framework is a parameter, so Express 4
 * runs it too. `express.json()` sits in front, as in many apps: JSON bodies reach the
 * endpoints already parsed, form bodies are read by the endpoints themselves.
 */
import { jwtAuth, jwtErrorHandler, tokenEndpoints } from '@jwt-guard/express';
import express, { type Express } from 'express';
import { createTestTokens, endpointOptions, me, verifierOptions } from './token-app-config.js';

/** Builds the app served at `origin`. */
export function createExpressTokenApp(origin: string, framework = express): Express {
  const tokens = createTestTokens(origin);
  const app = framework();
  app.use(framework.json());
  app.use(tokenEndpoints(tokens, endpointOptions('mobile')));
  app.use(tokenEndpoints(tokens, endpointOptions('browser')));
  app.get('/public', (_req, res) => {
    res.type('text').send('public');
  });
  app.get('/api/me', jwtAuth(verifierOptions(origin, tokens)), (req, res) => {
    res.json(me(req.auth!.payload));
  });
  app.use(jwtErrorHandler());
  return app;
}
