/**
 * The module on both platforms, over real HTTP (`app.listen(0)`): the global guard and
 * `@Public()`, `request.auth` and `@Auth()`, each decorator's refusal with its status,
 * challenge and body, and 503 with `Retry-After` when the keys cannot be had.
 */
import 'reflect-metadata';
import { JwtGuardModule } from '@jwt-guard/nestjs';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { Module } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handled, RoutesController } from './app.js';
import { PLATFORMS, type Served, serve } from './serve.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());
beforeEach(() => {
  handled.length = 0;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(PLATFORMS)('JwtGuardModule.forRoot on %s', (platform) => {
  let served: Served;
  beforeAll(async () => {
    @Module({
      imports: [JwtGuardModule.forRoot({ issuer: issuer.issuer, audience: issuer.audience })],
      controllers: [RoutesController],
    })
    class AppModule {}
    served = await serve(AppModule, platform);
  });
  afterAll(() => served.close());
  const get = (path: string, init: RequestInit = {}) => fetch(`${served.base}${path}`, init);

  it('refuses a request without a token: 401, a bare challenge, the short body', async () => {
    const response = await get('/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(await response.text()).toBe('Authentication is required');
    expect(handled).toEqual([]);
  });

  it('lets a @Public() route through without a token, with no auth', async () => {
    const response = await get('/public');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ auth: 'none' });
  });

  it('puts the verified token at request.auth and @Auth()', async () => {
    const token = await issuer.mint({
      claims: { sub: 'user-1', scope: 'read:orders', tid: 't1' },
    });
    const response = await get('/me', { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'user-1', tid: 't1', same: true });
  });

  it('refuses a forged token with 401 invalid_token', async () => {
    const token = await issuer.mint({ claims: { scope: 'read:orders' } });
    const response = await get('/me', { headers: bearer(`${token.slice(0, -4)}AAAA`) });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="api", error="invalid_token"/,
    );
    expect(handled).toEqual([]);
  });

  it('requires the scopes of the controller and of the method (@Scopes: all)', async () => {
    const readOnly = await issuer.mint({ claims: { scope: 'read:orders' } });
    const refused = await get('/orders', { method: 'POST', headers: bearer(readOnly) });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(refused.headers.get('www-authenticate')).toContain('scope="read:orders write:orders"');
    const both = await issuer.mint({ claims: { scope: 'read:orders write:orders' } });
    const allowed = await get('/orders', { method: 'POST', headers: bearer(both) });
    expect(allowed.status).toBe(201);
    expect(handled).toEqual(['orders']);
  });

  it('admits any one of @Roles', async () => {
    const ops = await issuer.mint({ claims: { scope: 'read:orders', roles: ['ops'] } });
    expect((await get('/admin', { headers: bearer(ops) })).status).toBe(200);
    const user = await issuer.mint({ claims: { scope: 'read:orders', roles: ['user'] } });
    const refused = await get('/admin', { headers: bearer(user) });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(handled).toEqual(['admin']);
  });

  it('decides @RequirePolicy with the route params', async () => {
    const token = await issuer.mint({ claims: { scope: 'read:orders', tid: 'acme' } });
    expect((await get('/tenants/acme', { headers: bearer(token) })).status).toBe(200);
    const other = await get('/tenants/globex', { headers: bearer(token) });
    expect(other.status).toBe(403);
    expect(other.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(handled).toEqual(['tenant']);
  });

  it('asks for step-up with @AuthLevel (RFC 9470)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const weak = await issuer.mint({ claims: { scope: 'read:orders', acr: 'urn:example:pwd' } });
    const refused = await get('/step-up', { headers: bearer(weak) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain(
      'error="insufficient_user_authentication"',
    );
    expect(refused.headers.get('www-authenticate')).toContain('acr_values="urn:example:mfa"');
    const strong = await issuer.mint({
      claims: { scope: 'read:orders', acr: 'urn:example:mfa', auth_time: now },
    });
    expect((await get('/step-up', { headers: bearer(strong) })).status).toBe(200);
    expect(handled).toEqual(['step-up']);
  });

  it('leaves errors that are not refusals to Nest (500 from its own filter)', async () => {
    const token = await issuer.mint({ claims: { scope: 'read:orders' } });
    const response = await get('/boom', { headers: bearer(token) });
    expect(response.status).toBe(500);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });
});

describe.each(PLATFORMS)('keys that cannot be had, on %s', (platform) => {
  it('answers 503 with Retry-After, not 401 nor 500', async () => {
    const down = await createTestIssuer();
    const { issuer: url, audience } = down;
    const token = await down.mint({ claims: { scope: 'read:orders' } });
    await down.close();
    @Module({
      imports: [JwtGuardModule.forRoot({ issuer: url, audience })],
      controllers: [RoutesController],
    })
    class DownModule {}
    const served = await serve(DownModule, platform);
    try {
      const response = await fetch(`${served.base}/me`, { headers: bearer(token) });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await response.text()).toBe('Service Unavailable');
      expect(handled).toEqual([]);
    } finally {
      await served.close();
    }
  });
});
