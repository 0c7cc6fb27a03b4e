import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthInfo, UnauthorizedError } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import express, { type NextFunction, type RequestHandler, type Response } from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AuthenticatedRequest,
  authenticated,
  jwtAuth,
  jwtErrorHandler,
} from '../src/index.js';

interface Claims {
  tenant: string;
  roles: string[];
}

describe('authenticated() types', () => {
  it('gives the handler a set req.auth with the claims', () => {
    const handler = authenticated<Claims>((req, res, next) => {
      expectTypeOf(req).toEqualTypeOf<AuthenticatedRequest<Claims>>();
      expectTypeOf(req.auth).toExtend<AuthInfo<Claims>>();
      expectTypeOf(req.auth).not.toBeNullable();
      expectTypeOf(req.auth.payload.tenant).toEqualTypeOf<string>();
      expectTypeOf(req.auth.payload.roles).toEqualTypeOf<string[]>();
      expectTypeOf(req.auth.payload.sub).toEqualTypeOf<string | undefined>();
      expectTypeOf(res).toEqualTypeOf<Response>();
      expectTypeOf(next).toEqualTypeOf<NextFunction>();
    });
    expectTypeOf(handler).toEqualTypeOf<RequestHandler>();
  });

  it('fits every place Express takes a handler, async ones too', () => {
    const app = express();
    // These calls are the test: each one failed to compile (TS2769) with a handler whose
    // parameter was AuthenticatedRequest<Claims>.
    app.get(
      '/a',
      jwtAuth({ issuer: 'https://id.example.com/', audience: 'api' }),
      authenticated<Claims>((req, res) => res.json({ tenant: req.auth.payload.tenant })),
    );
    app.use(authenticated(async (req) => req.auth.token));
    express.Router().post(
      '/b',
      authenticated<Claims>((req, res) => {
        res.send(req.auth.payload.tenant);
      }),
    );
    // Without type arguments the claims are jose's JWTPayload.
    authenticated((req) => {
      expectTypeOf(req.auth.payload.tenant).toEqualTypeOf<unknown>();
      expectTypeOf(req.auth.payload.iss).toEqualTypeOf<string | undefined>();
    });
  });
});

describe('authenticated() at run time', () => {
  let issuer: TestIssuer;
  let server: Server;
  let base: string;
  let ran: string[] = [];
  let errors: unknown[] = [];

  beforeAll(async () => {
    issuer = await createTestIssuer();
    const app = express();
    const options = { issuer: issuer.issuer, audience: issuer.audience };
    app.get(
      '/tenant',
      jwtAuth(options),
      authenticated<Claims>((req, res) => {
        ran.push('tenant');
        res.json({ tenant: req.auth.payload.tenant, sub: req.auth.payload.sub });
      }),
    );
    app.get(
      '/optional',
      jwtAuth({ ...options, credentialsRequired: false }),
      authenticated((_req, res) => {
        ran.push('optional');
        res.json({});
      }),
    );
    app.get(
      '/rejects',
      jwtAuth(options),
      authenticated(async () => {
        ran.push('rejects');
        throw new Error('handler failed');
      }),
    );
    app.use(((error, _req, _res, next) => {
      errors.push(error);
      next(error);
    }) as express.ErrorRequestHandler);
    app.use(jwtErrorHandler());
    app.use(((error, _req, res, _next) => {
      res.status(500).json({ message: (error as Error).message });
    }) as express.ErrorRequestHandler);
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
    errors = [];
  });

  it('runs the handler with the verified claims', async () => {
    const token = await issuer.mint({ claims: { sub: 'user-1', tenant: 'acme' } });
    const res = await supertest(base).get('/tenant').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tenant: 'acme', sub: 'user-1' });
    expect(ran).toEqual(['tenant']);
  });

  it('answers 401 ERR_NO_TOKEN without running the handler when no token was verified', async () => {
    const res = await supertest(base).get('/optional');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(UnauthorizedError);
    expect(errors[0]).toMatchObject({ code: 'ERR_NO_TOKEN' });
    expect(ran).toEqual([]);
  });

  it('hands a rejected promise to next(err)', async () => {
    const token = await issuer.mint();
    const res = await supertest(base).get('/rejects').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'handler failed' });
    expect(ran).toEqual(['rejects']);
  });
});
