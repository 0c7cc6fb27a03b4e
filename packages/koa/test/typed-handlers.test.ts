/** `authenticated<Claims>()`: middleware whose ctx.state.auth is set and typed with your claims. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthInfo } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Router from '@koa/router';
import Koa, { type Next } from 'koa';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type AuthenticatedContext, authenticated, jwtAuth } from '../src/index.js';

interface Claims {
  tenant: string;
  roles: string[];
}

describe('authenticated() types', () => {
  it('gives the handler a set ctx.state.auth with the claims', () => {
    authenticated<Claims>((ctx, next) => {
      expectTypeOf(ctx).toEqualTypeOf<AuthenticatedContext<Claims>>();
      expectTypeOf(ctx.state.auth).toExtend<AuthInfo<Claims>>();
      expectTypeOf(ctx.state.auth).not.toBeNullable();
      expectTypeOf(ctx.state.auth.payload.tenant).toEqualTypeOf<string>();
      expectTypeOf(ctx.state.auth.payload.roles).toEqualTypeOf<string[]>();
      expectTypeOf(ctx.state.auth.payload.sub).toEqualTypeOf<string | undefined>();
      expectTypeOf(next).toEqualTypeOf<Next>();
    });
    // Usable on a router after jwtAuth, without a cast.
    new Router().get(
      '/',
      jwtAuth({ issuer: 'https://id.example.com/', audience: 'api' }),
      authenticated<Claims>((ctx) => {
        ctx.body = ctx.state.auth.payload.tenant;
      }),
    );
  });
});

describe('authenticated() at run time', () => {
  let issuer: TestIssuer;
  let server: Server;
  let base: string;
  const ran: string[] = [];
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
    const router = new Router();
    const options = { issuer: issuer.issuer, audience: issuer.audience };
    router.get(
      '/tenant',
      jwtAuth(options),
      authenticated<Claims>((ctx) => {
        ran.push('tenant');
        ctx.body = { tenant: ctx.state.auth.payload.tenant };
      }),
    );
    router.get(
      '/optional',
      jwtAuth({ ...options, credentialsRequired: false }),
      authenticated<Claims>((ctx) => {
        ran.push('optional');
        ctx.body = ctx.state.auth.payload.tenant;
      }),
    );
    const app = new Koa();
    app.silent = true;
    app.use(router.routes());
    server = createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await issuer.close();
  });

  it('runs the handler with the verified claims', async () => {
    const token = await issuer.mint({ claims: { tenant: 'acme', roles: [] } });
    const answer = await fetch(`${base}/tenant`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ tenant: 'acme' });
  });

  it('answers 401 without running the handler when no token was verified', async () => {
    ran.length = 0;
    const answer = await fetch(`${base}/optional`);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(ran).toEqual([]);
  });
});
