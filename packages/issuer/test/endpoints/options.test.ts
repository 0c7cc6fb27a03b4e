/** The token endpoints refuse a bad option at creation, with a TypeError naming it. */
import { describe, expect, it } from 'vitest';
import { createTokenEndpoints, type TokenEndpointsOptions } from '../../src/index.js';
import { authenticate, setUp } from './helpers.js';

function optionError(options: Record<string, unknown>): string {
  const { tokens } = setUp();
  try {
    createTokenEndpoints(tokens, options as unknown as TokenEndpointsOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return /option "([^"]+)"/.exec((error as Error).message)?.[1] ?? '';
  }
  throw new Error('no TypeError');
}

describe('createTokenEndpoints options', () => {
  it.each([
    [{}, 'authenticate'],
    [{ authenticate: 'yes' }, 'authenticate'],
    [{ authenticate, cookie: 'true' }, 'cookie'],
    [{ authenticate, clientId: '' }, 'clientId'],
    [{ authenticate, clientId: '  ' }, 'clientId'],
    [{ authenticate, clientId: 7 }, 'clientId'],
    [{ authenticate, basePath: 'mobile' }, 'basePath'],
    [{ authenticate, basePath: '/mobile/' }, 'basePath'],
    [{ authenticate, basePath: '/a/../b' }, 'basePath'],
    [{ authenticate, basePath: '/a?b' }, 'basePath'],
    [{ authenticate, basePath: '/a%2F' }, 'basePath'],
    [{ authenticate, basePath: 3 }, 'basePath'],
    [{ authenticate, csrf: 'x' }, 'csrf'],
    [{ authenticate, csrf: null }, 'csrf'],
    [{ authenticate, csrf: { header: 'bad header' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: '' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 'Content-Type' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 'origin' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 'Accept-Language' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 'Sec-Fetch-Site' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 'Proxy-Authorization' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 'Upgrade-Insecure-Requests' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 'X-Forwarded-For' } }, 'csrf.header'],
    [{ authenticate, csrf: { header: 7 } }, 'csrf.header'],
    [{ authenticate, rateLimit: {} }, 'rateLimit'],
    [{ authenticate, onError: 'log' }, 'onError'],
    [{ authenticate, maxBodyBytes: 10 }, 'maxBodyBytes'],
    [{ authenticate, maxBodyBytes: 1.5e3 + 0.5 }, 'maxBodyBytes'],
    [{ authenticate, dpop: 'on' }, 'dpop'],
    [{ authenticate, dpop: null }, 'dpop'],
    [{ authenticate, maxBodyBytes: 255 }, 'maxBodyBytes'],
    [{ authenticate, maxBodyBytes: '4096' }, 'maxBodyBytes'],
    [{ authenticate, basePath: '/.hidden' }, 'basePath'],
    [{ authenticate, basePath: '/a/..' }, 'basePath'],
    [{ authenticate, dpop: { algorithms: ['HS256'] } }, 'dpop.algorithms'],
    [{ authenticate, dpop: { nonse: true } }, 'dpop.nonse'],
    [{ authenticate, cokie: true }, 'cokie'],
  ])('%j is refused naming %s', (options, name) => {
    expect(optionError(options)).toBe(name);
  });

  it('refuses something that is not a token issuer, and options that are not an object', () => {
    for (const tokens of [{}, null, 'tokens', { issue: 'x', options: {} }]) {
      expect(() =>
        createTokenEndpoints(tokens as never, { authenticate } as TokenEndpointsOptions),
      ).toThrow(/option "tokens"/);
    }
    const { tokens } = setUp();
    for (const options of [null, 'x']) {
      expect(() => createTokenEndpoints(tokens, options as never)).toThrow(/option "options"/);
    }
  });

  it('refuses as the CSRF header every name a cross-site request can carry', () => {
    const names = [
      'Accept',
      'Accept-Encoding',
      'Accept-Language',
      'Cache-Control',
      'Connection',
      'Content-Language',
      'Content-Length',
      'Content-Type',
      'Cookie',
      'DNT',
      'Forwarded',
      'Host',
      'Keep-Alive',
      'Origin',
      'Pragma',
      'Priority',
      'Range',
      'Referer',
      'TE',
      'Upgrade-Insecure-Requests',
      'User-Agent',
      'Via',
      'X-Forwarded-For',
      'X-Forwarded-Host',
      'X-Forwarded-Proto',
      'Sec-Fetch-Mode',
      'Proxy-Connection',
    ];
    for (const header of names) {
      expect(optionError({ authenticate, csrf: { header } }), header).toBe('csrf.header');
    }
    const { tokens } = setUp();
    for (const header of ['X-Requested-With', 'X-CSRF-Token', 'X-Secret', 'Accepts']) {
      expect(() => createTokenEndpoints(tokens, { authenticate, csrf: { header } })).not.toThrow();
    }
  });

  it('accepts the smallest body limit, 256 bytes', () => {
    const { tokens } = setUp();
    expect(() => createTokenEndpoints(tokens, { authenticate, maxBodyBytes: 256 })).not.toThrow();
  });

  it('accepts "/" as no base path, and names each path under a base path', () => {
    const { tokens } = setUp();
    expect(createTokenEndpoints(tokens, { authenticate, basePath: '/' }).paths.login).toBe(
      '/auth/login',
    );
    const endpoints = createTokenEndpoints(tokens, { authenticate, basePath: '/mobile/v1' });
    expect(endpoints.paths).toEqual({
      login: '/mobile/v1/auth/login',
      token: '/mobile/v1/auth/token',
      revoke: '/mobile/v1/auth/revoke',
      logout: '/mobile/v1/auth/logout',
      metadata: '/mobile/v1/.well-known/oauth-authorization-server',
      jwks: '/mobile/v1/.well-known/jwks.json',
    });
    expect(endpoints.mode).toBe('body');
    expect(endpoints.cookieName).toBe('__Host-jwt-guard-rt');
    expect(createTokenEndpoints(tokens, { authenticate, cookie: true }).mode).toBe('cookie');
  });

  it('never mutates the options', () => {
    const { tokens } = setUp();
    const options = Object.freeze({ authenticate, csrf: Object.freeze({ header: 'X-CSRF' }) });
    expect(() => createTokenEndpoints(tokens, options)).not.toThrow();
  });
});
