import { describe, expect, it } from 'vitest';
import { presets } from '../../src/presets/index.js';

const ISSUER = 'https://dev-123456.okta.com/oauth2/default';

describe('presets.okta', () => {
  it('the default server: audience api://default, keys at /v1/keys, scp and groups', () => {
    expect(presets.okta({ issuer: ISSUER })).toEqual({
      issuer: ISSUER,
      audience: ['api://default'],
      algorithms: ['RS256'],
      jwksUri: `${ISSUER}/v1/keys`,
      rolesClaim: ['groups'],
      scopesClaim: ['scp'],
    });
    expect(presets.okta({ domain: 'dev-123456.okta.com' })).toEqual(
      presets.okta({ issuer: ISSUER }),
    );
    expect(presets.okta({ issuer: `${ISSUER}/` }).issuer).toBe(ISSUER);
  });

  it('another server needs its audience', () => {
    const options = presets.okta({
      domain: 'login.example.com',
      authorizationServerId: 'aus1a2b3c4d5e6f7g8h9',
      audience: 'api://orders',
    });
    expect(options.issuer).toBe('https://login.example.com/oauth2/aus1a2b3c4d5e6f7g8h9');
    expect(options.audience).toEqual(['api://orders']);
    expect(() =>
      presets.okta({ issuer: 'https://login.example.com/oauth2/aus1a2b3c4d5e6f7g8h9' }),
    ).toThrow('presets.okta() option "audience"');
  });

  it('checks cid when clientId is given, and reads a renamed groups claim', () => {
    const options = presets.okta({
      issuer: ISSUER,
      clientId: ['0oa1web', '0oa1cli'],
      rolesClaim: 'roles',
    });
    expect(options.claims).toEqual({ cid: ['0oa1web', '0oa1cli'] });
    expect(options.rolesClaim).toEqual(['roles']);
  });

  it('points at a loopback issuer for tests', () => {
    expect(presets.okta({ issuer: 'http://127.0.0.1:4000/oauth2/default' }).jwksUri).toBe(
      'http://127.0.0.1:4000/oauth2/default/v1/keys',
    );
  });

  it.each([
    ['the org authorization server', { issuer: 'https://dev-123456.okta.com' }, 'issuer'],
    ['/oauth2 without a server', { issuer: 'https://dev-123456.okta.com/oauth2' }, 'issuer'],
    ['a deeper path', { issuer: `${ISSUER}/v1` }, 'issuer'],
    ['a path before /oauth2', { issuer: 'https://dev-123456.okta.com/x/oauth2/default' }, 'issuer'],
    ['a query', { issuer: `${ISSUER}?x=1` }, 'issuer'],
    ['plain http off loopback', { issuer: 'http://dev-123456.okta.com/oauth2/default' }, 'issuer'],
    ['neither issuer nor domain', {}, 'issuer'],
    ['both issuer and domain', { issuer: ISSUER, domain: 'dev-123456.okta.com' }, 'issuer'],
    ['a URL as domain', { domain: 'https://dev-123456.okta.com' }, 'domain'],
    [
      'a server id with the issuer',
      { issuer: ISSUER, authorizationServerId: 'default' },
      'authorizationServerId',
    ],
    [
      'a server id with a slash',
      { domain: 'dev-1.okta.com', authorizationServerId: 'a/b' },
      'authorizationServerId',
    ],
    ['an empty clientId', { issuer: ISSUER, clientId: '' }, 'clientId'],
    ['an empty rolesClaim', { issuer: ISSUER, rolesClaim: '' }, 'rolesClaim'],
  ])('refuses %s with a TypeError naming the option', (_, input, option) => {
    expect(() => presets.okta(input as never)).toThrow(TypeError);
    expect(() => presets.okta(input as never)).toThrow(`presets.okta() option "${option}"`);
  });
});
