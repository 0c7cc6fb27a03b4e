/** The multi-tenant example answers as its demo says: two tenants trusted, a third provider refused unasked. */
import { createApp } from '@jwt-guard/example-multi-tenant/app';
import { createTestIssuers } from '@jwt-guard/testing';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const audience = 'https://projects.example.test';
let issuers: Awaited<ReturnType<typeof createTestIssuers>>;

beforeAll(async () => {
  issuers = await createTestIssuers([
    { path: '/acme', audience },
    { path: '/realms/globex', audience },
    { path: '/stranger', audience },
  ]);
});
afterAll(() => issuers.close());

describe('examples/multi-tenant', () => {
  it('serves each tenant from its own provider, and refuses a provider no tenant uses', async () => {
    const [acme, globex, stranger] = issuers;
    if (!acme || !globex || !stranger) throw new Error('issuers missing');
    const app = createApp(
      [
        { id: 'acme', issuer: acme.issuer },
        { id: 'globex', issuer: globex.issuer, rolesClaim: 'realm_access.roles' },
      ],
      audience,
    );
    const call = (method: 'get' | 'delete', path: string, token: string) =>
      supertest(app)[method](path).set('Authorization', `Bearer ${token}`);

    const acmeReader = await acme.mint({ claims: { scope: 'read:projects' } });
    expect((await call('get', '/api/projects', acmeReader)).body).toEqual({
      tenant: 'acme',
      projects: ['acme-roadmap'],
    });
    expect((await call('get', '/api/whoami', acmeReader)).body).toEqual({
      tenant: 'acme',
      sub: 'user-123',
    });
    const globexAdmin = await globex.mint({
      claims: { scope: 'read:projects', realm_access: { roles: ['admin'] } },
    });
    expect((await call('get', '/api/projects', globexAdmin)).body.tenant).toBe('globex');
    expect((await call('delete', '/api/projects/7', globexAdmin)).body).toEqual({ deleted: '7' });
    const misplaced = await globex.mint({ claims: { roles: ['admin'] } });
    expect((await call('delete', '/api/projects/7', misplaced)).status).toBe(403);
    // acme's roles are in `roles`.
    const acmeAdmin = await acme.mint({ claims: { roles: ['admin'] } });
    expect((await call('delete', '/api/projects/7', acmeAdmin)).status).toBe(200);

    const refused = await call('get', '/api/whoami', await stranger.mint());
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The access token issuer is not accepted"',
    );
    expect(stranger.requests).toEqual({ discovery: 0, jwks: 0 });
  });
});
