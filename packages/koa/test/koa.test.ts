import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtGuardError } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Router from '@koa/router';
import Koa from 'koa';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth, requireClaim, requireRole, requireScope } from '../src/index.js';

let issuer: TestIssuer;
let server: Server;
let base: string;
let ran: string[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  const router = new Router();
  const auth = jwtAuth({ issuer: issuer.issuer, audience: issuer.audience });
  router.get('/me', auth, (ctx) => {
    ran.push('me');
    ctx.body = { sub: ctx.state.auth.payload.sub, alg: ctx.state.auth.header.alg };
  });
  router.get('/orders', auth, requireScope('read:orders'), (ctx) => {
    ran.push('orders');
    ctx.body = { ok: true };
  });
  router.get('/admin', auth, requireRole('admin'), (ctx) => {
    ran.push('admin');
    ctx.body = { ok: true };
  });
  router.get('/verified', auth, requireClaim('email_verified', true), (ctx) => {
    ctx.body = { ok: true };
  });
  router.get(
    '/optional',
    jwtAuth({ issuer: issuer.issuer, audience: issuer.audience, credentialsRequired: false }),
    (ctx) => {
      ctx.body = { user: ctx.state.auth?.payload.sub ?? null };
    },
  );
  router.get('/down', jwtAuth({ issuer: 'http://127.0.0.1:9', audience: 'x' }), (ctx) => {
    ctx.body = 'never';
  });
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

describe('@jwt-guard/koa', () => {
  it('sets ctx.state.auth for a valid token', async () => {
    const res = await supertest(base)
      .get('/me')
      .set('Authorization', `Bearer ${await issuer.mint({ alg: 'EdDSA' })}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sub: 'user-123', alg: 'EdDSA' });
  });

  it('throws the core error: Koa answers status, challenge and message, the handler never runs', async () => {
    const res = await supertest(base)
      .get('/me')
      .set('Authorization', `Bearer ${await issuer.mint({ expiresIn: -60 })}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token has expired"',
    );
    expect(res.text).toBe('The access token has expired');
    expect(ran).toEqual([]);
    expect(errors.at(-1)).toBeInstanceOf(JwtGuardError);
  });

  it('hides 503 details (expose false) and sends Retry-After without a challenge', async () => {
    const res = await supertest(base)
      .get('/down')
      // A token that claims the down issuer: any other is refused before it is asked.
      .set(
        'Authorization',
        `Bearer ${await issuer.mint({ claims: { iss: 'http://127.0.0.1:9' } })}`,
      );
    expect(res.status).toBe(503);
    expect(res.text).toBe('Service Unavailable');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('guards scopes, roles and claims at route level with @koa/router', async () => {
    const reader = await issuer.mint({ claims: { scope: 'read:orders', roles: ['user'] } });
    expect(
      (await supertest(base).get('/orders').set('Authorization', `Bearer ${reader}`)).status,
    ).toBe(200);
    const forbidden = await supertest(base).get('/admin').set('Authorization', `Bearer ${reader}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(
      (await supertest(base).get('/verified').set('Authorization', `Bearer ${reader}`)).status,
    ).toBe(403);
    expect(ran).toEqual(['orders']);
  });

  it('supports optional auth', async () => {
    expect((await supertest(base).get('/optional')).body).toEqual({ user: null });
    const expired = await issuer.mint({ expiresIn: -60 });
    expect(
      (await supertest(base).get('/optional').set('Authorization', `Bearer ${expired}`)).status,
    ).toBe(401);
  });
});
