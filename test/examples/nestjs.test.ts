/** The NestJS example answers as its demo says, on a real server (`app.listen`) against a real issuer. */
import { createApp } from '@jwt-guard/example-nestjs/app';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('examples/nestjs', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    issuer = await createTestIssuer();
    app = await createApp({ issuer: issuer.issuer, audience: issuer.audience });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await issuer.close();
  });
  const get = (path: string, token?: string, method = 'GET') =>
    fetch(`${base}${path}`, {
      method,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it('serves the public route without a token', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 200 with a token, from a service injected by type', async () => {
    const reader = await issuer.mint({ claims: { scope: 'read:orders' } });
    const me = await get('/api/me', reader);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: 'user-123', scope: 'read:orders' });
    const orders = await get('/api/orders', reader);
    expect(orders.status).toBe(200);
    expect(await orders.json()).toEqual({ orders: [{ id: 1, total: 42 }] });
  });

  it('answers 401 with the challenge without a token, and for an expired one', async () => {
    const missing = await get('/api/orders');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(missing.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const expired = await get('/api/orders', await issuer.mint({ expiresIn: -60 }));
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers 403 for a missing scope or role', async () => {
    const noScope = await issuer.mint({ claims: { scope: 'read:profile' } });
    const forbidden = await get('/api/orders', noScope);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('scope="read:orders"');
    expect((await get('/api/orders/1', noScope, 'DELETE')).status).toBe(403);
    const admin = await issuer.mint({ claims: { roles: ['admin'] } });
    const deleted = await get('/api/orders/1', admin, 'DELETE');
    expect(await deleted.json()).toEqual({ deleted: '1' });
  });
});
