import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import express from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtAuth, jwtErrorHandler, requireClaim, requireRole, requireScope } from '../src/index.js';

let issuer: TestIssuer;
let server: Server;
let base: string;
let handled: string[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  const app = express();
  app.get('/public', (_req, res) => res.json({ ok: true }));
  const auth = jwtAuth({ issuer: issuer.issuer, audience: issuer.audience });
  app.get('/me', auth, (req, res) => {
    handled.push('/me');
    res.json({
      sub: req.auth?.payload.sub,
      kid: req.auth?.header.kid,
      sameToken: typeof req.auth?.token,
    });
  });
  app.get('/orders', auth, requireScope('read:orders'), (_req, res) => {
    handled.push('/orders');
    res.json({ orders: [] });
  });
  app.get('/admin', auth, requireRole('admin'), (_req, res) => {
    handled.push('/admin');
    res.json({ admin: true });
  });
  app.get('/verified', auth, requireClaim('email_verified', true), (_req, res) =>
    res.json({ ok: true }),
  );
  app.get(
    '/optional',
    jwtAuth({ issuer: issuer.issuer, audience: issuer.audience, credentialsRequired: false }),
    (req, res) => res.json({ user: req.auth?.payload.sub ?? null }),
  );
  const handlerApp = express();
  handlerApp.get('/me', auth, (_req, res) => res.json({}));
  handlerApp.use(jwtErrorHandler());
  app.use('/h', handlerApp);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await issuer.close();
});
beforeEach(() => {
  handled = [];
});

const challenge = (error: string, description: string, scope?: string) =>
  `Bearer realm="api", error="${error}", error_description="${description}"${scope ? `, scope="${scope}"` : ''}`;

describe('@jwt-guard/express', () => {
  it('lets a valid token through and sets req.auth', async () => {
    const token = await issuer.mint({ alg: 'ES256' });
    const res = await supertest(base).get('/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sub: 'user-123', kid: 'es256-1', sameToken: 'string' });
  });

  it('answers 401 with a bare challenge without a token, and does not run the handler', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz']) {
      const req = supertest(base).get('/me');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    }
    expect(handled).toEqual([]);
  });

  it.each([
    ['Bearer', 400, 'invalid_request', 'The Authorization header is malformed'],
    ['Bearer a b', 400, 'invalid_request', 'The Authorization header is malformed'],
    ['Bearer not.a.jwt', 401, 'invalid_token', 'The access token is malformed'],
  ])('answers %j with %i %s', async (authorization, status, error, description) => {
    const res = await supertest(base).get('/me').set('Authorization', authorization);
    expect(res.status).toBe(status);
    expect(res.headers['www-authenticate']).toBe(challenge(error, description));
    expect(handled).toEqual([]);
  });

  it('answers an expired token 401 invalid_token and never echoes it', async () => {
    const token = await issuer.mint({ expiresIn: -60 });
    const res = await supertest(base).get('/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      challenge('invalid_token', 'The access token has expired'),
    );
    expect(res.text).not.toContain(token);
    expect(res.text).not.toContain(token.split('.')[1]);
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
    const res = await supertest(base)
      .get(`/me?access_token=${token}`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(handled).toEqual([]);
  });

  it('guards scopes with 403 insufficient_scope and the scope in the challenge', async () => {
    const without = await issuer.mint({ claims: { scope: 'read:profile' } });
    const res = await supertest(base).get('/orders').set('Authorization', `Bearer ${without}`);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      challenge('insufficient_scope', 'The access token lacks a required scope', 'read:orders'),
    );
    const withScope = await issuer.mint({ claims: { scope: 'read:profile read:orders' } });
    const ok = await supertest(base).get('/orders').set('Authorization', `Bearer ${withScope}`);
    expect(ok.status).toBe(200);
    expect(handled).toEqual(['/orders']);
  });

  it('guards roles and claims with 403, and a guarded route without token is 401', async () => {
    const user = await issuer.mint({ claims: { roles: ['user'] } });
    expect(
      (await supertest(base).get('/admin').set('Authorization', `Bearer ${user}`)).status,
    ).toBe(403);
    const admin = await issuer.mint({ claims: { roles: ['admin'] } });
    expect(
      (await supertest(base).get('/admin').set('Authorization', `Bearer ${admin}`)).status,
    ).toBe(200);
    expect((await supertest(base).get('/admin')).status).toBe(401);
    expect(
      (await supertest(base).get('/verified').set('Authorization', `Bearer ${admin}`)).status,
    ).toBe(403);
  });

  it('supports optional auth: no token passes, a bad token is still refused', async () => {
    expect((await supertest(base).get('/optional')).body).toEqual({ user: null });
    const good = await issuer.mint();
    expect(
      (await supertest(base).get('/optional').set('Authorization', `Bearer ${good}`)).body,
    ).toEqual({
      user: 'user-123',
    });
    const expired = await issuer.mint({ expiresIn: -60 });
    expect(
      (await supertest(base).get('/optional').set('Authorization', `Bearer ${expired}`)).status,
    ).toBe(401);
  });

  it('jwtErrorHandler answers with the plain description body', async () => {
    const res = await supertest(base).get('/h/me').set('Authorization', 'Bearer x.y.z');
    expect(res.status).toBe(401);
    expect(res.text).toBe('The access token is malformed');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });
});
