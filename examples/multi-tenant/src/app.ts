/**
 * A multi-tenant API: every tenant signs in with its own identity provider, one middleware
 * trusts them all, and each request knows its tenant from the verified `iss`.
 */
import { jwtAuth, jwtErrorHandler, requireRole, requireScope } from '@jwt-guard/express';
import express, { type Express } from 'express';
import { createTenantDirectory, type Tenant } from './tenants.js';

/**
 * Builds the API for `tenants`, all of whose tokens must name `audience`.
 *
 * @example
 * ```ts
 * createApp([{ id: 'acme', issuer: 'https://login.acme.example/' }], 'https://api.example.com').listen(3003);
 * ```
 */
export function createApp(tenants: readonly Tenant[], audience: string): Express {
  const directory = createTenantDirectory(tenants);
  const app = express();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', tenants: tenants.map((tenant) => tenant.id) });
  });

  app.use('/api', jwtAuth({ issuer: directory.resolveIssuer, audience }));

  app.get('/api/whoami', (req, res) => {
    const tenant = directory.tenantOf(req.auth?.payload.iss);
    res.json({ tenant: tenant?.id ?? null, sub: req.auth?.payload.sub ?? null });
  });

  app.get('/api/projects', requireScope('read:projects'), (req, res) => {
    const tenant = directory.tenantOf(req.auth?.payload.iss);
    res.json({ tenant: tenant?.id ?? null, projects: [`${tenant?.id}-roadmap`] });
  });

  // Roles are read where each tenant's provider puts them.
  app.delete('/api/projects/:id', requireRole('admin'), (req, res) => {
    res.json({ deleted: req.params.id });
  });

  // Refusals answer with their status, challenge and a short text body: without this,
  // Express's default handler logs a stack trace for every 401 and 403, and in
  // development sends it to the client as HTML, file paths and all.
  app.use(jwtErrorHandler());

  return app;
}
