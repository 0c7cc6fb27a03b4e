import { anyOf, hasAnyRole, hasScopes, not } from '@jwt-guard/core/policy';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth, requirePolicy } from '../src/index.js';
import { serve } from './serve.js';

let issuer: TestIssuer;
let app: FastifyInstance;
let base: string;
let ran: string[] = [];

interface Claims {
  tid?: string;
}

beforeAll(async () => {
  issuer = await createTestIssuer();
  app = Fastify();
  await app.register(jwtAuth, {
    issuer: issuer.issuer,
    audience: issuer.audience,
    challenge: { realm: 'shop' },
  });
  // The tenant in the path must be the token's tenant.
  const sameTenant = requirePolicy<{ tenantId: string }, Claims>(
    (auth, request) => auth.payload.tid === request.params.tenantId,
  );
  app.get<{ Params: { tenantId: string } }>(
    '/tenants/:tenantId/invoices',
    { preHandler: sameTenant },
    async (request) => {
      ran.push('invoices');
      return { tenant: request.params.tenantId };
    },
  );
  // DELETE needs the admin role; every other method only a scope.
  const canWriteRecords = anyOf((_auth, req) => req.method !== 'DELETE', hasAnyRole('admin'));
  app.route({
    method: ['PUT', 'DELETE'],
    url: '/records/:recordId',
    preHandler: [requirePolicy(canWriteRecords), requirePolicy(hasScopes('records'))],
    handler: async (request) => {
      ran.push(request.method.toLowerCase());
      return { ok: true };
    },
  });
  // Only the owner, or support, may read a user's record.
  const ownerOrSupport = anyOf(
    (auth, req) => auth.payload.sub === req.params.userId,
    hasAnyRole('support'),
  );
  app.get('/users/:userId', { preHandler: requirePolicy(ownerOrSupport) }, async (request) => {
    ran.push('user');
    return { user: (request.params as { userId: string }).userId };
  });
  const throwing = not(() => Promise.reject(new Error('lookup failed: secret-detail')));
  app.get('/throws', { preHandler: requirePolicy(throwing) }, async () => ({ ok: true }));
  // The policy sees the path without the query.
  app.get(
    '/path',
    { preHandler: requirePolicy((_auth, req) => req.path === '/path') },
    async () => {
      ran.push('path');
      return { ok: true };
    },
  );
  base = await serve(app);
});
afterAll(async () => {
  await app.close();
  await issuer.close();
});
beforeEach(() => {
  ran = [];
});

const token = (claims: Record<string, unknown>) => issuer.mint({ claims });
const call = async (method: string, path: string, bearer?: string) =>
  fetch(`${base}${path}`, {
    method,
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
const denied =
  'Bearer realm="shop", error="insufficient_scope", error_description="The access token does not satisfy the access policy"';

describe('requirePolicy (fastify)', () => {
  it('the tenant in the path must be the token tid', async () => {
    const t = await token({ tid: 'acme' });
    const ok = await call('GET', '/tenants/acme/invoices', t);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ tenant: 'acme' });
    const other = await call('GET', '/tenants/globex/invoices', t);
    expect(other.status).toBe(403);
    expect(other.headers.get('www-authenticate')).toBe(denied);
    expect(await other.text()).toBe('The access token does not satisfy the access policy');
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

  it('sees the path without its query', async () => {
    expect((await call('GET', '/path?x=1', await token({}))).status).toBe(200);
    expect(ran).toEqual(['path']);
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
