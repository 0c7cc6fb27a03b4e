import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { anyOf, hasAnyRole, hasScopes, not } from '@jwt-guard/core/policy';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AuthVariables, jwtAuth, requirePolicy } from '../src/index.js';

let issuer: TestIssuer;
let server: ReturnType<typeof serve>;
let base: string;
let ran: string[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  const app = new Hono<{ Variables: AuthVariables }>();
  const auth = jwtAuth({
    issuer: issuer.issuer,
    audience: issuer.audience,
    challenge: { realm: 'shop' },
  });
  // The tenant in the path must be the token's tenant.
  app.get(
    '/tenants/:tenantId/invoices',
    auth,
    requirePolicy<{ tenantId: string }, { tid?: string }>(
      (auth, req) => auth.payload.tid === req.params.tenantId,
    ),
    (c) => {
      ran.push('invoices');
      return c.json({ tenant: c.req.param('tenantId') });
    },
  );
  // DELETE needs the admin role; every method needs the records scope.
  app.on(
    ['PUT', 'DELETE'],
    '/records/:recordId',
    auth,
    requirePolicy(anyOf((_auth, req) => req.method !== 'DELETE', hasAnyRole('admin'))),
    requirePolicy(hasScopes('records')),
    (c) => {
      ran.push(c.req.method.toLowerCase());
      return c.json({ ok: true });
    },
  );
  // Only the owner, or support, may read a user's record.
  app.get(
    '/users/:userId',
    auth,
    requirePolicy<{ userId: string }>(
      anyOf((auth, req) => auth.payload.sub === req.params.userId, hasAnyRole('support')),
    ),
    (c) => {
      ran.push('user');
      return c.json({ user: c.req.param('userId') });
    },
  );
  app.get(
    '/throws',
    auth,
    requirePolicy(not(() => Promise.reject(new Error('lookup failed: secret-detail')))),
    (c) => c.json({ ok: true }),
  );
  app.onError((error, c) =>
    error instanceof HTTPException ? error.getResponse() : c.text('boom', 500),
  );
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  server.close();
  await issuer.close();
});
beforeEach(() => {
  ran = [];
});

const token = (claims: Record<string, unknown>) => issuer.mint({ claims });
const call = (method: string, path: string, bearer?: string) =>
  fetch(`${base}${path}`, {
    method,
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
const denied =
  'Bearer realm="shop", error="insufficient_scope", error_description="The access token does not satisfy the access policy"';

describe('requirePolicy (hono)', () => {
  it('the tenant in the path must be the token tid', async () => {
    const t = await token({ tid: 'acme' });
    const ok = await call('GET', '/tenants/acme/invoices', t);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ tenant: 'acme' });
    const other = await call('GET', '/tenants/globex/invoices', t);
    expect(other.status).toBe(403);
    expect(other.headers.get('www-authenticate')).toBe(denied);
    expect(ran).toEqual(['invoices']);
  });

  it('DELETE needs the admin role', async () => {
    const user = await token({ scope: 'records', roles: ['user'] });
    const admin = await token({ scope: 'records', roles: ['admin'] });
    expect((await call('PUT', '/records/1', user)).status).toBe(200);
    const refused = await call('DELETE', '/records/1', user);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBe(denied);
    expect((await call('DELETE', '/records/1', admin)).status).toBe(200);
    expect(ran).toEqual(['put', 'delete']);
  });

  it('names the missing scope in the challenge', async () => {
    const res = await call('PUT', '/records/1', await token({ roles: ['admin'] }));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required scope", scope="records"',
    );
  });

  it('only the owner or support may read a user record', async () => {
    expect((await call('GET', '/users/u1', await token({ sub: 'u1' }))).status).toBe(200);
    const support = await token({ sub: 'agent', roles: ['support'] });
    expect((await call('GET', '/users/u1', support)).status).toBe(200);
    const refused = await call('GET', '/users/u1', await token({ sub: 'u2' }));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toBe(denied);
    expect(ran).toEqual(['user', 'user']);
  });

  it('answers 401 without a token and fails closed on a throwing predicate', async () => {
    const none = await call('GET', '/users/u1');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="shop"');
    const res = await call('GET', '/throws', await token({}));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(denied);
    expect(await res.text()).not.toContain('secret-detail');
  });

  it('refuses a non-policy at creation', () => {
    expect(() => requirePolicy('admin' as never)).toThrow(TypeError);
  });
});
