import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/presets/index.js';

const audience = 'https://api.example.com';
const scopesOf = (options: ReturnType<typeof presets.auth0>, payload: object) =>
  (options.scopesClaim as (payload: JWTPayload) => unknown)(payload as JWTPayload);

describe('presets.auth0', () => {
  it('builds the issuer with its trailing slash, the keys URL, RS256 and the scope reader', () => {
    const options = presets.auth0({ domain: 'tenant.eu.auth0.com', audience });
    expect(options).toEqual({
      issuer: 'https://tenant.eu.auth0.com/',
      audience: [audience],
      algorithms: ['RS256'],
      jwksUri: 'https://tenant.eu.auth0.com/.well-known/jwks.json',
      scopesClaim: expect.any(Function),
    });
    expect(Object.hasOwn(options, 'rolesClaim')).toBe(false);
  });

  it('gives the same options for a domain and for its issuerBaseURL, with or without a slash', () => {
    const byDomain = presets.auth0({ domain: 'Tenant.EU.Auth0.com', audience });
    for (const issuerBaseURL of ['https://tenant.eu.auth0.com', 'https://tenant.eu.auth0.com/']) {
      const byUrl = presets.auth0({ issuerBaseURL, audience });
      expect({ ...byUrl, scopesClaim: 0 }).toEqual({ ...byDomain, scopesClaim: 0 });
    }
  });

  it('lists one issuer per domain (custom domains issue their own iss) and leaves the keys to discovery', () => {
    const options = presets.auth0({
      domain: ['tenant.eu.auth0.com', 'login.example.com', 'tenant.eu.auth0.com'],
      audience: [audience, 'https://admin.example.com'],
    });
    expect(options.issuer).toEqual(['https://tenant.eu.auth0.com/', 'https://login.example.com/']);
    expect(options.audience).toEqual([audience, 'https://admin.example.com']);
    expect(Object.hasOwn(options, 'jwksUri')).toBe(false);
  });

  it('points at a loopback issuer for tests', () => {
    const options = presets.auth0({ issuerBaseURL: 'http://127.0.0.1:4000', audience });
    expect(options.issuer).toBe('http://127.0.0.1:4000/');
    expect(options.jwksUri).toBe('http://127.0.0.1:4000/.well-known/jwks.json');
  });

  it('reads a namespaced roles claim by its whole name, never walking its dots', () => {
    const options = presets.auth0({
      domain: 'tenant.auth0.com',
      audience,
      rolesClaim: 'https://example.com/roles',
    });
    expect(options.rolesClaim).toEqual(['https://example.com/roles']);
  });

  it('accepts PS256 when the tenant signs with it, and nothing else', () => {
    const both = presets.auth0({
      domain: 'tenant.auth0.com',
      audience,
      algorithms: ['RS256', 'PS256'],
    });
    expect(both.algorithms).toEqual(['RS256', 'PS256']);
    for (const algorithms of [['HS256'], ['ES256'], ['none'], []]) {
      expect(() =>
        presets.auth0({ domain: 'tenant.auth0.com', audience, algorithms } as never),
      ).toThrow(/presets\.auth0\(\) option "algorithms"/);
    }
  });

  it('reads scopes from scope and permissions, own properties only', () => {
    const options = presets.auth0({ domain: 'tenant.auth0.com', audience });
    expect(
      scopesOf(options, { scope: 'openid  read:orders', permissions: ['delete:orders', 7, ''] }),
    ).toEqual(['openid', 'read:orders', 'delete:orders']);
    expect(scopesOf(options, { permissions: 'read:orders' })).toEqual([]);
    expect(scopesOf(options, Object.create({ scope: 'a', permissions: ['b'] }))).toEqual([]);
    expect(scopesOf(options, JSON.parse('{"__proto__": {"permissions": ["b"]}}'))).toEqual([]);
  });

  it('returns a frozen object and leaves the caller’s options alone', () => {
    const input = Object.freeze({ domain: Object.freeze(['a.auth0.com']), audience });
    const options = presets.auth0(input);
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.audience)).toBe(true);
    expect(Object.isFrozen(options.issuer)).toBe(true);
  });

  it.each([
    ['no domain or issuerBaseURL', { audience }, 'domain'],
    ['both', { domain: 'a.auth0.com', issuerBaseURL: 'https://a.auth0.com', audience }, 'domain'],
    ['a URL as domain', { domain: 'https://a.auth0.com', audience }, 'domain'],
    ['a domain with a path', { domain: 'a.auth0.com/x', audience }, 'domain'],
    ['an empty domain list', { domain: [], audience }, 'domain'],
    ['plain http off loopback', { issuerBaseURL: 'http://a.auth0.com', audience }, 'issuerBaseURL'],
    [
      'a base URL with a path',
      { issuerBaseURL: 'https://a.auth0.com/x', audience },
      'issuerBaseURL',
    ],
    [
      'a base URL with a query',
      { issuerBaseURL: 'https://a.auth0.com/?x=1', audience },
      'issuerBaseURL',
    ],
    [
      'credentials in the URL',
      { issuerBaseURL: 'https://u:p@a.auth0.com', audience },
      'issuerBaseURL',
    ],
    ['no audience', { domain: 'a.auth0.com' }, 'audience'],
    ['an empty audience', { domain: 'a.auth0.com', audience: '' }, 'audience'],
    ['an empty rolesClaim', { domain: 'a.auth0.com', audience, rolesClaim: '' }, 'rolesClaim'],
  ])('refuses %s with a TypeError naming the option', (_, input, option) => {
    expect(() => presets.auth0(input as never)).toThrow(TypeError);
    expect(() => presets.auth0(input as never)).toThrow(`presets.auth0() option "${option}"`);
  });

  it('refuses a missing options object', () => {
    expect(() => presets.auth0(undefined as never)).toThrow(TypeError);
  });
});
