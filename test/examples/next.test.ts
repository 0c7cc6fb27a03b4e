/**
 * `examples/next` answers as its README says: served by `next dev` on a free port against a
 * real local issuer, over HTTP: 200 with a token, 401 with the bare challenge without one,
 * 403 naming the missing scope, and a dynamic segment's `params` reaching the handler.
 */
import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NextServer, nextServe } from '../next-app/next-server.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/next/', import.meta.url));

let issuer: TestIssuer;
let server: NextServer | undefined;

beforeAll(async () => {
  issuer = await createTestIssuer();
  const env = { JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: issuer.audience };
  server = await nextServe(EXAMPLE, env, 'dev');
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await issuer?.close();
});

const call = (path: string, token?: string, method = 'GET') =>
  fetch(`${server!.base}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

// `next dev` compiles each route on its first request.
const FIRST_COMPILE_MS = 60_000;

describe('examples/next', () => {
  it(
    'answers 200 with the token claims, and 401 with the bare challenge without a token',
    async () => {
      const token = await issuer.mint({ claims: { scope: 'read:orders' } });
      const ok = await call('/api/me', token);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ sub: 'user-123', scope: 'read:orders' });
      const refused = await call('/api/me');
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(await refused.text()).toBe('Authentication is required');
    },
    FIRST_COMPILE_MS,
  );

  it(
    'serves /api/health without a token, and refuses /api/orders without its scope',
    async () => {
      expect(await (await call('/api/health')).json()).toEqual({ status: 'ok' });
      const reader = await issuer.mint({ claims: { scope: 'read:orders' } });
      expect(await (await call('/api/orders', reader)).json()).toEqual({
        orders: [{ id: 1, total: 42 }],
      });
      const forbidden = await call('/api/orders', await issuer.mint({ claims: { scope: 'x' } }));
      expect(forbidden.status).toBe(403);
      expect(forbidden.headers.get('www-authenticate')).toContain('scope="read:orders"');
    },
    FIRST_COMPILE_MS,
  );

  it(
    'gives an admin the dynamic segment, and refuses anyone else',
    async () => {
      const admin = await issuer.mint({ claims: { roles: ['admin'] } });
      const deleted = await call('/api/orders/7', admin, 'DELETE');
      expect(await deleted.json()).toEqual({ deleted: '7' });
      const user = await issuer.mint({ claims: { roles: ['user'] } });
      expect((await call('/api/orders/7', user, 'DELETE')).status).toBe(403);
    },
    FIRST_COMPILE_MS,
  );
});
