/** The example apps answer as their demos say, each on a real server against a real issuer. */
import { getRequestListener } from '@hono/node-server';
import { createApp as createExpressApp } from '@jwt-guard/example-express/app';
import { createApp as createHonoApp } from '@jwt-guard/example-hono-node/app';
import { listenOnLoopback } from '@jwt-guard/example-kit';
import { createApp as createKoaApp } from '@jwt-guard/example-koa/app';
import { createTestIssuer } from '@jwt-guard/testing';
import supertest from 'supertest';
import { describe, expect, it, vi } from 'vitest';

type Auth = { issuer: string; audience: string };
const EXAMPLES: Array<[string, (auth: Auth) => import('node:http').RequestListener]> = [
  ['express', (auth) => createExpressApp(auth)],
  ['koa', (auth) => createKoaApp(auth).callback()],
  ['hono-node', (auth) => getRequestListener(createHonoApp(auth).fetch)],
];

describe.each(EXAMPLES)('examples/%s', (_name, listener) => {
  it('answers the demo requests as the demo says', async () => {
    const issuer = await createTestIssuer();
    const server = await listenOnLoopback(
      listener({ issuer: issuer.issuer, audience: issuer.audience }),
      0,
    );
    try {
      const reader = await issuer.mint({ claims: { scope: 'read:orders' } });
      const noScope = await issuer.mint({ claims: { scope: 'read:profile' } });
      const expired = await issuer.mint({ expiresIn: -60 });
      const admin = await issuer.mint({ alg: 'ES256', claims: { roles: ['admin'] } });
      const get = (path: string, token?: string) => {
        const req = supertest(server.base).get(path);
        return token ? req.set('Authorization', `Bearer ${token}`) : req;
      };
      expect((await get('/health')).body).toEqual({ status: 'ok' });
      expect((await get('/api/me', reader)).body).toEqual({
        sub: 'user-123',
        scope: 'read:orders',
      });
      expect((await get('/api/orders', reader)).body).toEqual({ orders: [{ id: 1, total: 42 }] });
      const forbidden = await get('/api/orders', noScope);
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers['www-authenticate']).toContain('scope="read:orders"');
      expect((await get('/api/orders', expired)).status).toBe(401);
      expect((await get('/api/orders')).headers['www-authenticate']).toBe('Bearer realm="api"');
      const del = (token: string) =>
        supertest(server.base).delete('/api/orders/1').set('Authorization', `Bearer ${token}`);
      expect((await del(admin)).body).toEqual({ deleted: '1' });
      expect((await del(reader)).status).toBe(403);
    } finally {
      await server.close();
      await issuer.close();
    }
  });

  it('answers refusals in plain text, without a stack trace or file paths', async () => {
    const issuer = await createTestIssuer();
    const server = await listenOnLoopback(
      listener({ issuer: issuer.issuer, audience: issuer.audience }),
      0,
    );
    try {
      const noScope = await issuer.mint({ claims: { scope: 'read:profile' } });
      const expired = await issuer.mint({ expiresIn: -60 });
      for (const [token, status] of [
        [undefined, 401],
        [expired, 401],
        [noScope, 403],
        ['not-a-token', 401],
      ] as const) {
        const req = supertest(server.base).get('/api/orders');
        const answer = await (token ? req.set('Authorization', `Bearer ${token}`) : req);
        expect(answer.status).toBe(status);
        expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(answer.text).not.toMatch(/<|\bat |\.ts\b|\.js\b|node_modules|Error/);
        expect(answer.text.length).toBeLessThan(200);
      }
    } finally {
      await server.close();
      await issuer.close();
    }
  });

  it('answers an outage 503 without a stack trace on stderr', async () => {
    const issuer = await createTestIssuer();
    const server = await listenOnLoopback(
      listener({ issuer: issuer.issuer, audience: issuer.audience }),
      0,
    );
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      issuer.setOutage(true);
      const answer = await supertest(server.base)
        .get('/api/me')
        .set('Authorization', `Bearer ${await issuer.mint()}`);
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.text).toBe('Service Unavailable');
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await server.close();
      await issuer.close();
    }
  });
});
