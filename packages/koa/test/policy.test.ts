import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anyOf, hasAnyRole, hasScopes, not } from '@jwt-guard/core/policy';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Router from '@koa/router';
import Koa from 'koa';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth, requirePolicy } from '../src/index.js';

let issuer: TestIssuer;
let server: Server;
let base: string;
let ran: string[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  const router = new Router();
  const auth = jwtAuth({
    issuer: issuer.issuer,
    audience: issuer.audience,
    challenge: { realm: 'shop' },
  });
  // The tenant in the path must be the token's tenant.
  router.get(
    '/tenants/:tenantId/invoices',
    auth,
    requirePolicy<{ tenantId: string }, { tid?: string }>(
      (auth, req) => auth.payload.tid === req.params.tenantId,
    ),
    (ctx) => {
      ran.push('invoices');
      ctx.body = { tenant: ctx.params.tenantId };
    },
  );
  // DELETE needs the admin role; every method needs the records scope.
  const records = [
    auth,
    requirePolicy(anyOf((_auth, req) => req.method !== 'DELETE', hasAnyRole('admin'))),
    requirePolicy(hasScopes('records')),
  ];
  router.put('/records/:recordId', ...records, (ctx) => {
    ran.push('put');
    ctx.body = { ok: true };
  });
  router.delete('/records/:recordId', ...records, (ctx) => {
    ran.push('delete');
    ctx.body = { ok: true };
  });
  // Only the owner, or support, may read a user's record.
  router.get(
    '/users/:userId',
    auth,
    requirePolicy<{ userId: string }>(
      anyOf((auth, req) => auth.payload.sub === req.params.userId, hasAnyRole('support')),
    ),
    (ctx) => {
      ran.push('user');
      ctx.body = { user: ctx.params.userId };
    },
  );
  router.get(
    '/throws',
    auth,
    requirePolicy(not(() => Promise.reject(new Error('lookup failed: secret-detail')))),
    (ctx) => {
      ctx.body = { ok: true };
    },
  );
  const app = new Koa();
  app.on('error', (error) => errors.push(error));
  app.use(router.routes());
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await issuer.close();
});
beforeEach(() => {
  ran = [];
});

const token = (claims: Record<string, unknown>) => issuer.mint({ claims });
const denied =
  'Bearer realm="shop", error="insufficient_scope", error_description="The access token does not satisfy the access policy"';

describe('requirePolicy (koa)', () => {
  it('the tenant in the path must be the token tid', async () => {
    const t = await token({ tid: 'acme' });
    const ok = await supertest(base).get('/tenants/acme/invoices').auth(t, { type: 'bearer' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ tenant: 'acme' });
    const other = await supertest(base).get('/tenants/globex/invoices').auth(t, { type: 'bearer' });
    expect(other.status).toBe(403);
    expect(other.headers['www-authenticate']).toBe(denied);
    expect(ran).toEqual(['invoices']);
  });

  it('DELETE needs the admin role', async () => {
    const user = await token({ scope: 'records', roles: ['user'] });
    const admin = await token({ scope: 'records', roles: ['admin'] });
    expect((await supertest(base).put('/records/1').auth(user, { type: 'bearer' })).status).toBe(
      200,
    );
    const refused = await supertest(base).delete('/records/1').auth(user, { type: 'bearer' });
    expect(refused.status).toBe(403);
    expect(refused.headers['www-authenticate']).toBe(denied);
    expect(
      (await supertest(base).delete('/records/1').auth(admin, { type: 'bearer' })).status,
    ).toBe(200);
    expect(ran).toEqual(['put', 'delete']);
  });

  it('names the missing scope in the challenge', async () => {
    const admin = await token({ roles: ['admin'] });
    const res = await supertest(base).put('/records/1').auth(admin, { type: 'bearer' });
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="shop", error="insufficient_scope", error_description="The access token lacks a required scope", scope="records"',
    );
  });

  it('only the owner or support may read a user record', async () => {
    const owner = await token({ sub: 'u1' });
    const support = await token({ sub: 'agent', roles: ['support'] });
    const stranger = await token({ sub: 'u2' });
    expect((await supertest(base).get('/users/u1').auth(owner, { type: 'bearer' })).status).toBe(
      200,
    );
    expect((await supertest(base).get('/users/u1').auth(support, { type: 'bearer' })).status).toBe(
      200,
    );
    const refused = await supertest(base).get('/users/u1').auth(stranger, { type: 'bearer' });
    expect(refused.status).toBe(403);
    expect(refused.headers['www-authenticate']).toBe(denied);
    expect(ran).toEqual(['user', 'user']);
  });

  it('answers 401 without a token and fails closed on a throwing predicate', async () => {
    const none = await supertest(base).get('/users/u1');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="shop"');
    const res = await supertest(base)
      .get('/throws')
      .auth(await token({}), { type: 'bearer' });
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(denied);
    expect(res.text).not.toContain('secret-detail');
  });

  it('refuses a non-policy at creation', () => {
    expect(() => requirePolicy('admin' as never)).toThrow(TypeError);
  });
});
