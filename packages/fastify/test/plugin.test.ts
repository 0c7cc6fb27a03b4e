import { request as httpRequest } from 'node:http';
import formbody from '@fastify/formbody';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth, requireClaim, requireRole, requireScope } from '../src/index.js';
import { challenge, get, serve } from './serve.js';

let issuer: TestIssuer;
let app: FastifyInstance;
let base: string;
let handled: string[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  app = Fastify();
  await app.register(formbody);
  app.get('/public', async () => ({ ok: true }));
  const options = { issuer: issuer.issuer, audience: issuer.audience };
  await app.register(async (api) => {
    await api.register(jwtAuth, options);
    api.get('/me', async (request) => {
      handled.push('/me');
      return {
        sub: request.auth?.payload.sub,
        kid: request.auth?.header.kid,
        sameToken: typeof request.auth?.token,
      };
    });
    api.get('/orders', { preHandler: requireScope('read:orders') }, async () => {
      handled.push('/orders');
      return { orders: [] };
    });
    api.get('/admin', { preHandler: requireRole('admin') }, async () => {
      handled.push('/admin');
      return { admin: true };
    });
    api.get('/verified', { preHandler: [requireClaim('email_verified', true)] }, async () => ({
      ok: true,
    }));
  });
  await app.register(async (optional) => {
    await optional.register(jwtAuth, { ...options, credentialsRequired: false });
    optional.get('/optional', async (request) => ({ user: request.auth?.payload.sub ?? null }));
  });
  await app.register(async (form) => {
    await form.register(jwtAuth, { ...options, token: { fromFormBody: true } });
    form.post('/form', async (request) => ({ sub: request.auth?.payload.sub }));
  });
  base = await serve(app);
});
afterAll(async () => {
  await app.close();
  await issuer.close();
});
beforeEach(() => {
  handled = [];
});

describe('@jwt-guard/fastify', () => {
  it('lets a valid token through and sets request.auth', async () => {
    const token = await issuer.mint({ alg: 'ES256' });
    const res = await get(base, '/me', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'user-123', kid: 'es256-1', sameToken: 'string' });
  });

  it('answers 401 with a bare challenge without a token, and does not run the handler', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz']) {
      const res = await get(base, '/me', authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('Authentication is required');
    }
    expect(handled).toEqual([]);
  });

  it('leaves the routes outside the registering scope alone', async () => {
    const res = await get(base, '/public');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it.each([
    ['Bearer', 400, 'invalid_request', 'The Authorization header is malformed'],
    ['Bearer a b', 400, 'invalid_request', 'The Authorization header is malformed'],
    ['Bearer not.a.jwt', 401, 'invalid_token', 'The access token is malformed'],
  ])('answers %j with %i %s', async (authorization, status, error, description) => {
    const res = await get(base, '/me', authorization);
    expect(res.status).toBe(status);
    expect(res.headers.get('www-authenticate')).toBe(challenge(error, description));
    expect(await res.text()).toBe(description);
    expect(handled).toEqual([]);
  });

  it('answers an expired token 401 invalid_token and never echoes it', async () => {
    const token = await issuer.mint({ expiresIn: -60 });
    const res = await get(base, '/me', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      challenge('invalid_token', 'The access token has expired'),
    );
    const text = await res.text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[1]);
  });

  it('answers a duplicated Authorization field 400 invalid_request', async () => {
    const token = await issuer.mint();
    const { status, headers } = await new Promise<{
      status?: number;
      headers: Record<string, unknown>;
    }>((resolve, reject) => {
      const req = httpRequest(`${base}/me`);
      req.setHeader('authorization', [`Bearer ${token}`, `Bearer ${token}`]);
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode, headers: res.headers });
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
    expect(headers['www-authenticate']).toBe(
      challenge('invalid_request', 'More than one access token was presented'),
    );
    expect(handled).toEqual([]);
  });

  it('answers a token in header and query 400 invalid_request', async () => {
    const token = await issuer.mint();
    const res = await get(base, `/me?access_token=${token}`, `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(handled).toEqual([]);
  });

  it('guards scopes with 403 insufficient_scope and the scope in the challenge', async () => {
    const without = await issuer.mint({ claims: { scope: 'read:profile' } });
    const res = await get(base, '/orders', `Bearer ${without}`);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      challenge('insufficient_scope', 'The access token lacks a required scope', 'read:orders'),
    );
    expect(await res.text()).toBe('The access token lacks a required scope');
    const withScope = await issuer.mint({ claims: { scope: 'read:profile read:orders' } });
    expect((await get(base, '/orders', `Bearer ${withScope}`)).status).toBe(200);
    expect(handled).toEqual(['/orders']);
  });

  it('guards roles and claims with 403, and a guarded route without token is 401', async () => {
    const user = await issuer.mint({ claims: { roles: ['user'] } });
    expect((await get(base, '/admin', `Bearer ${user}`)).status).toBe(403);
    const admin = await issuer.mint({ claims: { roles: ['admin'] } });
    expect((await get(base, '/admin', `Bearer ${admin}`)).status).toBe(200);
    expect((await get(base, '/admin')).status).toBe(401);
    expect((await get(base, '/verified', `Bearer ${admin}`)).status).toBe(403);
    const verified = await issuer.mint({ claims: { email_verified: true } });
    expect((await get(base, '/verified', `Bearer ${verified}`)).status).toBe(200);
    expect(handled).toEqual(['/admin']);
  });

  it('supports optional auth: no token passes, a bad token is still refused', async () => {
    expect(await (await get(base, '/optional')).json()).toEqual({ user: null });
    const good = await issuer.mint();
    expect(await (await get(base, '/optional', `Bearer ${good}`)).json()).toEqual({
      user: 'user-123',
    });
    const expired = await issuer.mint({ expiresIn: -60 });
    expect((await get(base, '/optional', `Bearer ${expired}`)).status).toBe(401);
  });

  it('reads a form-body token once Fastify has parsed the body, where allowed', async () => {
    const token = await issuer.mint();
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/form`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
    const res = await post(`access_token=${token}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'user-123' });
    const twice = await post(`access_token=${token}&access_token=${token}`);
    expect(twice.status).toBe(400);
    const both = await post(`access_token=${token}`, { authorization: `Bearer ${token}` });
    expect(both.status).toBe(400);
  });

  it('fails at start-up with a TypeError naming the bad option', async () => {
    const bad = Fastify();
    const token = { fromQuery: 'yes' as never };
    const failure = bad.register(jwtAuth, {
      issuer: issuer.issuer,
      audience: issuer.audience,
      token,
    });
    await expect(failure.ready()).rejects.toThrow(
      new TypeError('jwt-guard: option "token.fromQuery" must be a boolean'),
    );
  });
});
