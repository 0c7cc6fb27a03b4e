/**
 * `@jwt-guard/next` at the route-handler level: real Web `Request`s into the handlers a
 * route file exports, a real local issuer over HTTP; status, the exact challenge, the body,
 * and whether the handler ran.
 */
import { JwtGuardError } from '@jwt-guard/core';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guards, hasAnyRole, jwtAuth, type Protect } from '../src/index.js';

let issuer: TestIssuer;
let protect: Protect;
let ran: string[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  protect = jwtAuth({ issuer: issuer.issuer, audience: issuer.audience });
});
afterAll(() => issuer.close());
beforeEach(() => {
  ran = [];
});

const URL_BASE = 'http://127.0.0.1:3000';
const request = (path: string, token?: string, init: RequestInit = {}) =>
  new Request(`${URL_BASE}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
const context = <P>(params: P) => ({ params: Promise.resolve(params) });
const answer = async (response: Response) => ({
  status: response.status,
  challenge: response.headers.get('www-authenticate'),
  body: await response.text(),
});

describe('protect(handler, requirements)', () => {
  it('runs the handler with the verified token and the params promise as Next gives it', async () => {
    const params = context({ id: '7' });
    let seen: unknown;
    const GET = protect<{ id: string }>(async (_request, ctx) => {
      seen = ctx.params;
      return Response.json({ sub: ctx.auth.payload.sub, id: (await ctx.params).id });
    });
    const response = await GET(request('/things/7', await issuer.mint()), params);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'user-123', id: '7' });
    expect(seen).toBe(params.params);
  });

  it('answers 401 with a bare challenge without a token, and the handler does not run', async () => {
    const GET = protect(() => {
      ran.push('handler');
      return new Response('ok');
    });
    expect(await answer(await GET(request('/me'), context({})))).toEqual({
      status: 401,
      challenge: 'Bearer realm="api"',
      body: 'Authentication is required',
    });
    expect(ran).toEqual([]);
  });

  it('answers 401 invalid_token for a bad signature', async () => {
    const token = await issuer.mint();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    const GET = protect(() => new Response('ok'));
    expect(await answer(await GET(request('/me', forged), context({})))).toEqual({
      status: 401,
      challenge:
        'Bearer realm="api", error="invalid_token", error_description="The access token signature is invalid"',
      body: 'The access token signature is invalid',
    });
  });

  it('requires every one of scopes: 403 insufficient_scope naming them', async () => {
    const GET = protect(() => new Response('ok'), { scopes: ['read:messages', 'write:messages'] });
    const some = await issuer.mint({ claims: { scope: 'read:messages' } });
    const all = await issuer.mint({ claims: { scope: 'read:messages write:messages' } });
    expect(await answer(await GET(request('/m', some), context({})))).toEqual({
      status: 403,
      challenge:
        'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:messages write:messages"',
      body: 'The access token lacks a required scope',
    });
    expect((await GET(request('/m', all), context({}))).status).toBe(200);
  });

  it('requires any one of anyScopes', async () => {
    const GET = protect(() => new Response('ok'), { anyScopes: ['a', 'b'] });
    const b = await issuer.mint({ claims: { scope: 'b' } });
    const c = await issuer.mint({ claims: { scope: 'c' } });
    expect((await GET(request('/m', b), context({}))).status).toBe(200);
    const refused = await answer(await GET(request('/m', c), context({})));
    expect(refused.status).toBe(403);
    expect(refused.challenge).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="a"',
    );
  });

  it('requires any one of roles, as requireRole', async () => {
    const GET = protect(() => new Response('ok'), { roles: ['admin', 'ops'] });
    const ops = await issuer.mint({ claims: { roles: ['ops'] } });
    const user = await issuer.mint({ claims: { roles: ['user'] } });
    expect((await GET(request('/m', ops), context({}))).status).toBe(200);
    const refused = await answer(await GET(request('/m', user), context({})));
    expect(refused.status).toBe(403);
    expect(refused.challenge).toContain('error="insufficient_scope"');
  });

  it("runs a policy with the route's awaited params, method, path and headers", async () => {
    const owner = (
      auth: { payload: { sub?: string } },
      req: { params: { id: string }; method: string; path: string; headers: object },
    ) =>
      auth.payload.sub === req.params.id &&
      req.method === 'DELETE' &&
      req.path === '/users/user-123' &&
      'authorization' in req.headers;
    const DELETE = protect<{ id: string }>(() => new Response(null, { status: 204 }), {
      policy: owner,
    });
    const token = await issuer.mint();
    const init = { method: 'DELETE' };
    expect(
      (await DELETE(request('/users/user-123', token, init), context({ id: 'user-123' }))).status,
    ).toBe(204);
    const other = await answer(
      await DELETE(request('/users/user-123', token, init), context({ id: 'someone' })),
    );
    expect(other.status).toBe(403);
    expect(other.body).toBe('The access token does not satisfy the access policy');
  });

  it('takes a composed policy from @jwt-guard/core/policy, re-exported', async () => {
    const GET = protect(() => new Response('ok'), { policy: hasAnyRole('admin') });
    const admin = await issuer.mint({ claims: { roles: ['admin'] } });
    expect((await GET(request('/m', admin), context({}))).status).toBe(200);
  });

  it('answers a JwtGuardError the handler throws (a guard called inside it) as a refusal', async () => {
    const GET = protect((_request, { auth }) => {
      guards.requireClaim('tenant', 'acme')(auth);
      return new Response('ok');
    });
    const refused = await answer(
      await GET(request('/m', await issuer.mint({ claims: { tenant: 'other' } })), context({})),
    );
    expect(refused.status).toBe(403);
    expect(refused.challenge).toContain('error="insufficient_scope"');
  });

  it('lets any other error of the handler through, for Next to answer', async () => {
    const GET = protect(() => {
      throw new RangeError('bug');
    });
    await expect(GET(request('/m', await issuer.mint()), context({}))).rejects.toThrow(RangeError);
  });

  it('answers 503 with Retry-After when the issuer cannot be reached', async () => {
    const downIssuer = 'http://127.0.0.1:9/';
    const down = jwtAuth({ issuer: downIssuer, audience: issuer.audience });
    const GET = down(() => new Response('ok'));
    const token = await issuer.mint({ claims: { iss: downIssuer } });
    const response = await GET(request('/m', token), context({}));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.text()).toBe('Service Unavailable');
  });

  it('reads a form token from a clone, leaving the body to the handler', async () => {
    const form = jwtAuth({
      issuer: issuer.issuer,
      audience: issuer.audience,
      token: { fromFormBody: true },
    });
    const POST = form(async (req, { auth }) =>
      Response.json({ sub: auth.payload.sub, note: (await req.formData()).get('note') }),
    );
    const body = new URLSearchParams({ access_token: await issuer.mint(), note: 'hi' });
    const response = await POST(
      request('/m', undefined, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      context({}),
    );
    expect(await response.json()).toEqual({ sub: 'user-123', note: 'hi' });
  });

  it('requires each claim and the authentication level, as requireClaim and requireAuthLevel', async () => {
    const GET = protect(
      () => {
        ran.push('handler');
        return new Response('ok');
      },
      { claims: [{ path: 'email_verified', expected: true }], authLevel: { acr: ['urn:mfa'] } },
    );
    const both = await issuer.mint({ claims: { email_verified: true, acr: 'urn:mfa' } });
    const unverified = await issuer.mint({ claims: { email_verified: false, acr: 'urn:mfa' } });
    const password = await issuer.mint({ claims: { email_verified: true, acr: 'urn:pwd' } });
    expect((await GET(request('/m', both), context({}))).status).toBe(200);
    expect((await GET(request('/m', unverified), context({}))).status).toBe(403);
    const stepUp = await answer(await GET(request('/m', password), context({})));
    expect(stepUp.status).toBe(401);
    expect(stepUp.challenge).toContain('error="insufficient_user_authentication"');
    expect(stepUp.challenge).toContain('acr_values="urn:mfa"');
    expect(ran).toEqual(['handler']);
  });

  it('fails at creation with a TypeError naming a bad option or requirement', () => {
    expect(() => jwtAuth({ issuer: issuer.issuer } as never)).toThrow(TypeError);
    expect(() => protect(() => new Response(), { scopes: ['bad"scope'] })).toThrow(TypeError);
    expect(() => protect(() => new Response(), { policy: 42 as never })).toThrow(TypeError);
    // A misspelt requirement would protect nothing: it is refused, not ignored.
    expect(() => protect(() => new Response(), { scope: ['admin'] } as never)).toThrow(
      /route requirement "scope"/,
    );
  });
});

describe('protect.authenticate(request)', () => {
  it('resolves to the AuthInfo of a valid token', async () => {
    const auth = await protect.authenticate(request('/m', await issuer.mint()));
    expect(auth.payload.sub).toBe('user-123');
  });

  it('rejects with the JwtGuardError to answer with', async () => {
    const error = await protect.authenticate(request('/m')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwtGuardError);
    expect((error as JwtGuardError).code).toBe('ERR_NO_TOKEN');
    expect((error as JwtGuardError).status).toBe(401);
  });

  it('resolves to undefined without a token when credentials are optional', async () => {
    const optional = jwtAuth({
      issuer: issuer.issuer,
      audience: issuer.audience,
      credentialsRequired: false,
    });
    expect(await optional.authenticate(request('/m'))).toBeUndefined();
  });
});
