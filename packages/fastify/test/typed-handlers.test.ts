/** `authenticated<Claims>`: a route handler whose `request.auth` is set and typed, on a real server. */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { type AuthenticatedRequest, authenticated, jwtAuth } from '../src/index.js';
import { get, serve } from './serve.js';

type Claims = { tenant: string };

let issuer: TestIssuer;
let app: FastifyInstance;
let base: string;
let ran: string[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  app = Fastify();
  const options = { issuer: issuer.issuer, audience: issuer.audience };
  await app.register(async (api) => {
    await api.register(jwtAuth, options);
    api.get(
      '/tenant',
      authenticated<Claims>(async (request) => {
        ran.push('tenant');
        return { tenant: request.auth.payload.tenant };
      }),
    );
    api.get(
      '/reply',
      authenticated<Claims>((request, reply) => {
        ran.push('reply');
        reply.send({ tenant: request.auth.payload.tenant });
        return reply;
      }),
    );
    api.get(
      '/fails',
      authenticated(async () => {
        throw new Error('handler failed');
      }),
    );
  });
  await app.register(async (optional) => {
    await optional.register(jwtAuth, { ...options, credentialsRequired: false });
    optional.get(
      '/optional',
      authenticated<Claims>(async (request) => {
        ran.push('optional');
        return { tenant: request.auth.payload.tenant };
      }),
    );
  });
  base = await serve(app);
});
afterAll(async () => {
  await app.close();
  await issuer.close();
});
beforeEach(() => {
  ran = [];
});

describe('authenticated<Claims>', () => {
  it('gives the handler a set request.auth with the claims', () => {
    authenticated<Claims>((request) => {
      expectTypeOf(request).toEqualTypeOf<AuthenticatedRequest<Claims>>();
      expectTypeOf(request.auth.payload.tenant).toEqualTypeOf<string>();
    });
  });

  it('runs the handler with the verified claims, async or through the reply', async () => {
    const token = `Bearer ${await issuer.mint({ claims: { tenant: 'acme' } })}`;
    expect(await (await get(base, '/tenant', token)).json()).toEqual({ tenant: 'acme' });
    expect(await (await get(base, '/reply', token)).json()).toEqual({ tenant: 'acme' });
    expect(ran).toEqual(['tenant', 'reply']);
  });

  it('answers 401 ERR_NO_TOKEN without running the handler when no token was verified', async () => {
    const res = await get(base, '/optional');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(await res.text()).toBe('Authentication is required');
    expect(ran).toEqual([]);
  });

  it("hands a handler's failure to Fastify's error handler", async () => {
    const res = await get(base, '/fails', `Bearer ${await issuer.mint()}`);
    expect(res.status).toBe(500);
  });
});
