/** The URL DPoP's `htu` is compared with: Host validation, the target's path, publicOrigin. */
import { describe, expect, it } from 'vitest';
import { isHttpAuthority, requestUrl, resolvePublicOrigin } from '../../src/dpop/request-url.js';
import { InvalidRequestError, type JwtGuardError } from '../../src/errors/jwt-guard-error.js';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.unreachable('no refusal');
};

describe('isHttpAuthority', () => {
  it.each([
    'api.example.com',
    'API.Example.COM:8443',
    'api.example.com:',
    '127.0.0.1:3000',
    '[::1]:8080',
    '[2001:db8::7]',
    'a-b_c~d.example',
    '%61pi.example.com',
    'xn--bcher-kva.example',
  ])('accepts %s', (host) => {
    expect(isHttpAuthority(host)).toBe(true);
  });

  it.each([
    'api.example.com?',
    'api.example.com#',
    'api.example.com/public',
    'api.example.com?/x',
    'user@api.example.com',
    'user:pass@api.example.com',
    '',
    ':443',
    'api.example.com:44a',
    'api.example.com:99999',
    'api example.com',
    'api.example.com\\x',
    'bücher.example',
    '[::1',
    '[zz::1]',
    '[v1.fe]',
    'api.example.com%',
    'api.example.com%2F',
    'a%2fb',
    'api.example.com:80:80',
  ])('refuses %j', (host) => {
    expect(isHttpAuthority(host)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const host of [undefined, null, 42, ['api.example.com']]) {
      expect(isHttpAuthority(host)).toBe(false);
    }
  });
});

describe('requestUrl', () => {
  it('joins the scheme, a valid Host and the target', () => {
    expect(requestUrl({ scheme: 'https', host: 'api.example.com', target: '/orders?page=2' })).toBe(
      'https://api.example.com/orders?page=2',
    );
    expect(requestUrl({ scheme: 'HTTP', host: '127.0.0.1:3000', target: '/' })).toBe(
      'http://127.0.0.1:3000/',
    );
    // A target beginning with `//` stays a path: the authority is never re-read from it.
    expect(
      requestUrl({ scheme: 'https', host: 'api.example.com', target: '//evil.example/x' }),
    ).toBe('https://api.example.com//evil.example/x');
  });

  it('takes scheme, authority and path from an absolute-form target, ignoring Host (RFC 9112 §3.2.2)', () => {
    const host = 'ignored?';
    expect(requestUrl({ scheme: 'http', host, target: 'https://api.example.com/a?b' })).toBe(
      'https://api.example.com/a?b',
    );
    expect(requestUrl({ host, target: 'HTTP://api.example.com' })).toBe('http://api.example.com/');
  });

  it.each([
    ['a Host with a query mark', { scheme: 'http', host: 'api.example.com?', target: '/x' }],
    ['a Host with a fragment mark', { scheme: 'http', host: 'api.example.com#', target: '/x' }],
    ['a Host with a path', { scheme: 'http', host: 'api.example.com/public', target: '/x' }],
    ['a Host with userinfo', { scheme: 'http', host: 'u@api.example.com', target: '/x' }],
    ['no Host', { scheme: 'http', host: undefined, target: '/x' }],
    ['an empty Host', { scheme: 'http', host: '', target: '/x' }],
    ['a scheme that is not http(s)', { scheme: 'ftp', host: 'api.example.com', target: '/x' }],
    ['no scheme', { host: 'api.example.com', target: '/x' }],
    ['a scheme list', { scheme: 'https,http', host: 'api.example.com', target: '/x' }],
    ['an asterisk-form target', { scheme: 'http', host: 'api.example.com', target: '*' }],
    ['an authority-form target', { scheme: 'http', host: 'a.example', target: 'a.example:443' }],
    ['an empty target', { scheme: 'http', host: 'api.example.com', target: '' }],
    ['an absolute target with userinfo', { target: 'https://u@api.example.com/x' }],
    ['an absolute target with an empty host', { target: 'https:///x' }],
    ['an absolute target of another scheme', { target: 'ftp://api.example.com/x' }],
    ['no target', { scheme: 'http', host: 'api.example.com' }],
    // What Deno's Request.url is for `Host: api.example.com?` or `api.example.com#`.
    ['an absolute target whose path follows a query mark', { target: 'http://a.example?/x' }],
    ['an absolute target whose path follows a fragment mark', { target: 'http://a.example#/x' }],
    ['an absolute target with a fragment', { target: 'http://a.example/p#/x' }],
    ['an absolute target with a line break', { target: 'http://a.example/p\n/x' }],
  ])('refuses %s with 400 ERR_REQUEST_URL_INVALID', (_what, address) => {
    const error = refusal(() => requestUrl(address as never));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'ERR_REQUEST_URL_INVALID', status: 400 });
    expect((error as JwtGuardError).oauthError).toBe('invalid_request');
  });

  it('refuses a missing address', () => {
    expect(refusal(() => requestUrl(undefined))).toMatchObject({ code: 'ERR_REQUEST_URL_INVALID' });
  });

  it('with publicOrigin, never reads Host or the scheme, and keeps only the target path', () => {
    const origin = 'https://api.example.com';
    for (const host of ['api.example.com?', 'evil.example/public', undefined, '']) {
      expect(requestUrl({ scheme: 'ftp', host, target: '/x?y=1' }, origin)).toBe(
        'https://api.example.com/x?y=1',
      );
    }
    expect(requestUrl({ target: 'http://inner:8080/x' }, origin)).toBe('https://api.example.com/x');
    expect(refusal(() => requestUrl({ host: 'ok', target: '*' }, origin))).toMatchObject({
      code: 'ERR_REQUEST_URL_INVALID',
    });
  });
});

describe('resolvePublicOrigin', () => {
  it('returns the serialised origin, or undefined when unset', () => {
    expect(resolvePublicOrigin(undefined)).toBeUndefined();
    expect(resolvePublicOrigin('https://API.example.com')).toBe('https://api.example.com');
    expect(resolvePublicOrigin('https://api.example.com/')).toBe('https://api.example.com');
    expect(resolvePublicOrigin('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(resolvePublicOrigin('https://api.example.com:443')).toBe('https://api.example.com');
  });

  it.each([
    'api.example.com',
    'https://api.example.com/v1',
    'https://api.example.com?x',
    'https://api.example.com#x',
    'https://u@api.example.com',
    'ftp://x.example',
    '',
    42,
    null,
  ])('refuses %j, naming the option', (value) => {
    expect(() => resolvePublicOrigin(value)).toThrow(TypeError);
    expect(() => resolvePublicOrigin(value)).toThrow(/jwt-guard: option "publicOrigin"/);
  });
});
