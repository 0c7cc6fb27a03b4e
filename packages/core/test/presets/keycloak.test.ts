import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/presets/index.js';

const base = { url: 'https://sso.example.com', realm: 'shop', audience: 'orders-api' };
const ISSUER = 'https://sso.example.com/realms/shop';
const rolesOf = (options: ReturnType<typeof presets.keycloak>, payload: object) =>
  (options.rolesClaim as (payload: JWTPayload) => unknown)(payload as JWTPayload);
const payload = {
  realm_access: { roles: ['clerk', 'offline_access'] },
  resource_access: {
    'orders-api': { roles: ['refund'] },
    account: { roles: ['manage-account'] },
    'orders.api': { roles: ['dotted'] },
  },
};

describe('presets.keycloak', () => {
  it('the realm’s issuer and certs, the Bearer typ, scopes from scope', () => {
    expect(presets.keycloak(base)).toEqual({
      issuer: ISSUER,
      audience: ['orders-api'],
      algorithms: ['RS256'],
      jwksUri: `${ISSUER}/protocol/openid-connect/certs`,
      rolesClaim: expect.any(Function),
      scopesClaim: ['scope'],
      claims: { typ: 'Bearer' },
    });
  });

  it('keeps a path such as /auth of older servers, without a trailing slash', () => {
    const options = presets.keycloak({ ...base, url: 'https://sso.example.com/auth/' });
    expect(options.issuer).toBe('https://sso.example.com/auth/realms/shop');
  });

  it('checks azp when clientId is given', () => {
    expect(presets.keycloak({ ...base, clientId: 'shop-web' }).claims).toEqual({
      typ: 'Bearer',
      azp: ['shop-web'],
    });
    expect(presets.keycloak({ ...base, clientId: ['shop-web', 'shop-app'] }).claims).toEqual({
      typ: 'Bearer',
      azp: ['shop-web', 'shop-app'],
    });
  });

  it('roles: realm roles only, then with the client roles of resource (or the one clientId)', () => {
    expect(rolesOf(presets.keycloak(base), payload)).toEqual(['clerk', 'offline_access']);
    expect(rolesOf(presets.keycloak({ ...base, resource: 'orders-api' }), payload)).toEqual([
      'clerk',
      'offline_access',
      'refund',
    ]);
    expect(rolesOf(presets.keycloak({ ...base, clientId: 'orders-api' }), payload)).toContain(
      'refund',
    );
    expect(rolesOf(presets.keycloak({ ...base, clientId: ['a', 'orders-api'] }), payload)).toEqual([
      'clerk',
      'offline_access',
    ]);
    expect(rolesOf(presets.keycloak({ ...base, resource: 'orders.api' }), payload)).toContain(
      'dotted',
    );
  });

  it('clientRolesOnly leaves realm roles out', () => {
    const options = presets.keycloak({ ...base, resource: 'orders-api', clientRolesOnly: true });
    expect(rolesOf(options, payload)).toEqual(['refund']);
  });

  it('reads roles from own properties only, and only string items', () => {
    const options = presets.keycloak({ ...base, resource: 'orders-api' });
    expect(rolesOf(options, Object.create(payload))).toEqual([]);
    expect(
      rolesOf(options, {
        realm_access: { roles: ['a', 1, null, ''] },
        resource_access: Object.create({ 'orders-api': { roles: ['b'] } }),
      }),
    ).toEqual(['a']);
    expect(rolesOf(options, { realm_access: { roles: 'clerk' } })).toEqual([]);
  });

  it('takes audience null and other algorithms when asked', () => {
    const options = presets.keycloak({ ...base, audience: null, algorithms: ['ES256', 'RS256'] });
    expect(options.audience).toBeNull();
    expect(options.algorithms).toEqual(['ES256', 'RS256']);
  });

  it.each([
    ['no audience', { url: base.url, realm: 'shop' }, 'audience'],
    ['an empty audience list', { ...base, audience: [] }, 'audience'],
    ['no realm', { url: base.url, audience: 'a' }, 'realm'],
    ['a realm with a slash', { ...base, realm: 'shop/../admin' }, 'realm'],
    ['a realm of dots', { ...base, realm: '..' }, 'realm'],
    ['a realm with a space', { ...base, realm: 'my shop' }, 'realm'],
    ['no url', { realm: 'shop', audience: 'a' }, 'url'],
    ['an http url off loopback', { ...base, url: 'http://sso.example.com' }, 'url'],
    ['a url with a query', { ...base, url: 'https://sso.example.com/?realm=x' }, 'url'],
    ['clientRolesOnly without a resource', { ...base, clientRolesOnly: true }, 'clientRolesOnly'],
    [
      'clientRolesOnly with several clients',
      { ...base, clientId: ['a', 'b'], clientRolesOnly: true },
      'clientRolesOnly',
    ],
    ['an empty resource', { ...base, resource: '' }, 'resource'],
    ['an empty algorithm list', { ...base, algorithms: [] }, 'algorithms'],
  ])('refuses %s with a TypeError naming the option', (_, input, option) => {
    expect(() => presets.keycloak(input as never)).toThrow(TypeError);
    expect(() => presets.keycloak(input as never)).toThrow(`presets.keycloak() option "${option}"`);
  });
});
