/** The conformance routes on Express. */
import { jwtAuth, jwtErrorHandler, requireRole, requireScope } from '@jwt-guard/express';
import express, { type Express } from 'express';
import { type AppConfig, handled } from '../app-config.js';

/** Builds the Express conformance app. */
export function createExpressApp(config: AppConfig): Express {
  const { issuer, audience } = config;
  const auth = jwtAuth({ issuer, audience, jwks: config.jwks });
  const app = express();
  app.get('/public', (_req, res) => {
    res.type('text').send('public');
  });
  app.get('/me', auth, (req, res) => {
    res.type('json').send(handled('me', req.auth?.payload.sub));
  });
  app.get('/orders', auth, requireScope('read:orders'), (req, res) => {
    res.type('json').send(handled('orders', req.auth?.payload.sub));
  });
  app.get('/admin', auth, requireRole('admin'), (req, res) => {
    res.type('json').send(handled('admin', req.auth?.payload.sub));
  });
  app.get('/rotation', jwtAuth({ issuer, audience }), (req, res) => {
    res.type('json').send(handled('rotation', req.auth?.payload.sub));
  });
  app.get('/down', jwtAuth({ issuer: config.downIssuer, audience }), (req, res) => {
    res.type('json').send(handled('down', req.auth?.payload.sub));
  });
  app.use(jwtErrorHandler());
  return app;
}
