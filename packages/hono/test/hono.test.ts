import { JwtGuardError } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuthVariables,
  jwtAuth,
  requireClaim,
  requireRole,
  requireScope,
} from '../src/index.js';

let issuer: TestIssuer;
let app: Hono<{ Variables: AuthVariables }>;
let ran: string[] = [];
let caught: unknown;

beforeAll(async () => {
  issuer = await createTestIssuer();
  app = new Hono<{ Variables: AuthVariables }>();
  const auth = jwtAuth({ issuer: issuer.issuer, audience: issuer.audience });
  app.get('/me', auth, (c) => {
    ran.push('me');
    return c.json({ sub: c.get('auth').payload.sub });
  });
  app.get('/orders', auth, requireScope('read:orders'), (c) => c.json({ ok: true }));
  app.get('/admin', auth, requireRole('admin'), (c) => c.json({ ok: true }));
  app.get('/verified', auth, requireClaim('email_verified', true), (c) => c.json({ ok: true }));
  app.post(
    '/form',
    jwtAuth({ issuer: issuer.issuer, audience: issuer.audience, token: { fromFormBody: true } }),
    async (c) => c.json({ sub: c.get('auth').payload.sub, field: (await c.req.parseBody()).other }),
  );
  app.onError((error, c) => {
    caught = error;
    return error instanceof HTTPException ? error.getResponse() : c.text('boom', 500);
  });
});
afterAll(() => issuer.close());
beforeEach(() => {
  ran = [];
  caught = undefined;
});

const get = (path: string, token?: string) =>
  app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('@jwt-guard/hono', () => {
  it('sets c.get("auth") for a valid token', async () => {
    const res = await get('/me', await issuer.mint({ alg: 'ES256' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'user-123' });
  });

  it('throws an HTTPException with the prepared response and the core error as cause', async () => {
    const res = await get('/me', await issuer.mint({ expiresIn: -60 }));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token has expired"',
    );
    expect(await res.text()).toBe('The access token has expired');
    expect(caught).toBeInstanceOf(HTTPException);
    expect((caught as HTTPException).cause).toBeInstanceOf(JwtGuardError);
    expect(((caught as HTTPException).cause as JwtGuardError).code).toBe('ERR_TOKEN_EXPIRED');
    expect(ran).toEqual([]);
  });

  it('answers the same refusal under the default error handler, each response fresh', async () => {
    const plain = new Hono();
    plain.get('/me', jwtAuth({ issuer: issuer.issuer, audience: issuer.audience }), (c) =>
      c.text('ran'),
    );
    const expired = await issuer.mint({ expiresIn: -60 });
    for (let i = 0; i < 2; i += 1) {
      // The second is answered from the negative cache: the same answer.
      const res = await plain.request('/me', { headers: { authorization: `Bearer ${expired}` } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="invalid_token", error_description="The access token has expired"',
      );
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('The access token has expired');
    }
    await get('/me');
    const exception = caught as HTTPException;
    const [first, second] = [exception.getResponse(), exception.getResponse()];
    expect(first).not.toBe(second);
    for (const res of [first, second, exception.res as Response]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(await res.text()).toBe('Authentication is required');
    }
  });

  it('refuses a joined duplicate Authorization value as invalid_request', async () => {
    const token = await issuer.mint();
    const res = await app.request('/me', {
      headers: { authorization: `Bearer ${token}, Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('guards with 403 insufficient_scope', async () => {
    const token = await issuer.mint({ claims: { scope: 'read:profile', roles: ['user'] } });
    for (const path of ['/orders', '/admin', '/verified'])
      expect((await get(path, token)).status).toBe(403);
    expect((await get('/orders')).status).toBe(401);
  });

  it('reads a form-body token when enabled, leaving the body readable', async () => {
    const body = new URLSearchParams({ access_token: await issuer.mint(), other: 'kept' });
    const res = await app.request('/form', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'user-123', field: 'kept' });
  });
});

describe('@jwt-guard/hono on Workers-style apps', () => {
  it('takes options from the context once, and lends waitUntil to core', async () => {
    type Bindings = { ISSUER: string; AUDIENCE: string };
    const workers = new Hono<{ Bindings: Bindings; Variables: AuthVariables }>();
    let built = 0;
    const clock = { ms: Date.now() };
    workers.use(
      '/api/*',
      jwtAuth<{ Bindings: Bindings }>((c) => {
        built += 1;
        return {
          issuer: c.env.ISSUER,
          audience: c.env.AUDIENCE,
          now: () => clock.ms,
          jwks: { cacheMaxAge: 100_000 },
        };
      }),
    );
    workers.get('/api/me', (c) => c.json({ sub: c.get('auth').payload.sub }));
    const env = { ISSUER: issuer.issuer, AUDIENCE: issuer.audience };
    const kept: Promise<unknown>[] = [];
    const executionCtx = {
      waitUntil: (p: Promise<unknown>) => kept.push(p),
      passThroughOnException() {},
      props: {},
    };
    for (let i = 0; i < 3; i++) {
      const res = await workers.request(
        '/api/me',
        { headers: { authorization: `Bearer ${await issuer.mint({ claims: { jti: `w${i}` } })}` } },
        env,
        executionCtx,
      );
      expect(res.status).toBe(200);
      clock.ms += 45_000; // the second request falls past 80 % of the keys' freshness
    }
    expect(built).toBe(1);
    expect(kept).toHaveLength(1);
    await kept[0];
  });
});
