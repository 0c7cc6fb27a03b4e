import { describe, expect, it } from 'vitest';
import { presets } from '../../src/presets/index.js';

const POOL = 'eu-west-1_AbCdEfGhI';
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;

describe('presets.cognito', () => {
  it('access tokens: no audience, but token_use and client_id checked; groups and scope', () => {
    expect(presets.cognito({ userPoolId: POOL, clientId: '1example23456789' })).toEqual({
      issuer: ISSUER,
      audience: null,
      algorithms: ['RS256'],
      jwksUri: `${ISSUER}/.well-known/jwks.json`,
      rolesClaim: ['cognito:groups'],
      scopesClaim: ['scope'],
      claims: { token_use: 'access', client_id: ['1example23456789'] },
    });
  });

  it('several app clients, or any client only when asked with null', () => {
    const several = presets.cognito({ userPoolId: POOL, clientId: ['web', 'cli'] });
    expect(several.claims).toEqual({ token_use: 'access', client_id: ['web', 'cli'] });
    const any = presets.cognito({ userPoolId: POOL, clientId: null });
    expect(any.claims).toEqual({ token_use: 'access' });
    expect(any.audience).toBeNull();
  });

  it('ID tokens: aud is the client, token_use id, no scopes', () => {
    const options = presets.cognito({ userPoolId: POOL, clientId: ['web', 'cli'], tokenUse: 'id' });
    expect(options).toMatchObject({
      issuer: ISSUER,
      audience: ['web', 'cli'],
      claims: { token_use: 'id' },
      rolesClaim: ['cognito:groups'],
    });
    expect(Object.hasOwn(options, 'scopesClaim')).toBe(false);
    expect(
      presets.cognito({ userPoolId: POOL, clientId: null, tokenUse: 'id' }).audience,
    ).toBeNull();
  });

  it('the region comes from the pool id; a given region must agree', () => {
    const gov = presets.cognito({ userPoolId: 'us-gov-west-1_AbC123', clientId: 'c' });
    expect(gov.issuer).toBe('https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbC123');
    expect(presets.cognito({ userPoolId: POOL, clientId: 'c', region: 'eu-west-1' }).issuer).toBe(
      ISSUER,
    );
    expect(() => presets.cognito({ userPoolId: POOL, clientId: 'c', region: 'us-east-1' })).toThrow(
      'presets.cognito() option "region"',
    );
  });

  it('several pools: one issuer each, keys by discovery', () => {
    const options = presets.cognito({
      userPoolId: [POOL, 'us-east-1_XyZ987654'],
      clientId: 'c',
    });
    expect(options.issuer).toEqual([
      ISSUER,
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_XyZ987654',
    ]);
    expect(Object.hasOwn(options, 'jwksUri')).toBe(false);
    expect(Object.isFrozen(options.issuer)).toBe(true);
  });

  it('an endpoint for tests replaces the service URL', () => {
    const options = presets.cognito({
      userPoolId: POOL,
      clientId: 'c',
      endpoint: 'http://127.0.0.1:9229/',
    });
    expect(options.issuer).toBe(`http://127.0.0.1:9229/${POOL}`);
    expect(options.jwksUri).toBe(`http://127.0.0.1:9229/${POOL}/.well-known/jwks.json`);
  });

  it.each([
    ['no clientId', { userPoolId: POOL }, 'clientId'],
    ['an empty clientId', { userPoolId: POOL, clientId: '' }, 'clientId'],
    ['no pool id', { clientId: 'c' }, 'userPoolId'],
    ['a pool id without its region', { userPoolId: 'AbCdEfGhI', clientId: 'c' }, 'userPoolId'],
    [
      'a pool id with a hyphen for the underscore',
      { userPoolId: 'eu-west-1-AbC', clientId: 'c' },
      'userPoolId',
    ],
    ['an issuer URL as pool id', { userPoolId: ISSUER, clientId: 'c' }, 'userPoolId'],
    ['a pool id with a path', { userPoolId: `${POOL}/x`, clientId: 'c' }, 'userPoolId'],
    ['another token use', { userPoolId: POOL, clientId: 'c', tokenUse: 'refresh' }, 'tokenUse'],
    ['an empty region', { userPoolId: POOL, clientId: 'c', region: '' }, 'region'],
    [
      'an http endpoint off loopback',
      { userPoolId: POOL, clientId: 'c', endpoint: 'http://cognito.example.com' },
      'endpoint',
    ],
  ])('refuses %s with a TypeError naming the option', (_, input, option) => {
    expect(() => presets.cognito(input as never)).toThrow(TypeError);
    expect(() => presets.cognito(input as never)).toThrow(`presets.cognito() option "${option}"`);
  });
});
