/**
 * Fastify's encapsulation decides what `jwtAuth` protects: the scope that registers it and
 * that scope's children, never its parent or its siblings.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtAuth, requireScope } from '../src/index.js';
import { get, serve } from './serve.js';

let issuer: TestIssuer;
let other: TestIssuer;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  [issuer, other] = await Promise.all([createTestIssuer(), createTestIssuer()]);
  app = Fastify();
  const sub = (request: { auth?: { payload: { sub?: string } } }) => ({
    sub: request.auth?.payload.sub ?? null,
  });
  app.get('/root', async (request) => sub(request));
  await app.register(
    async (api) => {
      await api.register(jwtAuth, { issuer: issuer.issuer, audience: issuer.audience });
      api.get('/me', async (request) => sub(request));
      await api.register(
        async (nested) => {
          nested.get('/orders', { preHandler: requireScope('read:orders') }, async () => []);
        },
        { prefix: '/nested' },
      );
    },
    { prefix: '/api' },
  );
  await app.register(
    async (sibling) => {
      sibling.get('/open', async (request) => sub(request));
    },
    { prefix: '/sibling' },
  );
  // A second scope with its own issuer: each scope has its own verifier.
  await app.register(
    async (partner) => {
      await partner.register(jwtAuth, { issuer: other.issuer, audience: other.audience });
      partner.get('/me', async (request) => sub(request));
    },
    { prefix: '/partner' },
  );
  base = await serve(app);
});
afterAll(async () => {
  await app.close();
  await Promise.all([issuer.close(), other.close()]);
});

describe('jwtAuth in a scoped plugin', () => {
  it('protects the scope that registers it', async () => {
    expect((await get(base, '/api/me')).status).toBe(401);
    const res = await get(base, '/api/me', `Bearer ${await issuer.mint()}`);
    expect(await res.json()).toEqual({ sub: 'user-123' });
  });

  it("protects that scope's children", async () => {
    expect((await get(base, '/api/nested/orders')).status).toBe(401);
    const reader = await issuer.mint({ claims: { scope: 'read:orders' } });
    expect((await get(base, '/api/nested/orders', `Bearer ${reader}`)).status).toBe(200);
  });

  it('leaves the parent and the siblings alone, a token sent there included', async () => {
    const token = `Bearer ${await issuer.mint()}`;
    for (const path of ['/root', '/sibling/open']) {
      expect(await (await get(base, path)).json()).toEqual({ sub: null });
      expect(await (await get(base, path, token)).json()).toEqual({ sub: null });
      expect(await (await get(base, path, 'Bearer not.a.jwt')).json()).toEqual({ sub: null });
    }
  });

  it('keeps each scope to its own issuer', async () => {
    const partnerToken = `Bearer ${await other.mint()}`;
    const ourToken = `Bearer ${await issuer.mint()}`;
    expect((await get(base, '/partner/me', partnerToken)).status).toBe(200);
    expect((await get(base, '/partner/me', ourToken)).status).toBe(401);
    expect((await get(base, '/api/me', partnerToken)).status).toBe(401);
  });
});
