import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';

let issuer: TestIssuer;
let server: Server;
let base: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  server = createApp({ issuer: issuer.issuer, audience: issuer.audience }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await issuer.close();
});

it('answers the demo requests as the demo says', async () => {
  const reader = await issuer.mint({ claims: { scope: 'read:orders' } });
  const noScope = await issuer.mint({ claims: { scope: 'read:profile' } });
  const expired = await issuer.mint({ expiresIn: -60 });
  const admin = await issuer.mint({ alg: 'ES256', claims: { roles: ['admin'] } });
  const get = (path: string, token?: string) => {
    const req = supertest(base).get(path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  expect((await get('/health')).status).toBe(200);
  expect((await get('/api/orders', reader)).body).toEqual({ orders: [{ id: 1, total: 42 }] });
  const forbidden = await get('/api/orders', noScope);
  expect(forbidden.status).toBe(403);
  expect(forbidden.headers['www-authenticate']).toContain('scope="read:orders"');
  expect((await get('/api/orders', expired)).status).toBe(401);
  expect((await get('/api/orders')).headers['www-authenticate']).toBe('Bearer realm="api"');
  const del = (token: string) =>
    supertest(base).delete('/api/orders/1').set('Authorization', `Bearer ${token}`);
  expect((await del(admin)).body).toEqual({ deleted: '1' });
  expect((await del(reader)).status).toBe(403);
});
