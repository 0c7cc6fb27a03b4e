/** `htu` normalization (RFC 9449 §4.3, RFC 3986 §6.2.2 and §6.2.3). */
import { describe, expect, it } from 'vitest';
import { normalizeHtu } from '../../src/dpop/index.js';

describe('normalizeHtu', () => {
  it.each([
    // scheme and host case, default ports
    ['HTTPS://API.EXAMPLE.COM/a', 'https://api.example.com/a'],
    ['https://api.example.com:443/a', 'https://api.example.com/a'],
    ['http://api.example.com:80/a', 'http://api.example.com/a'],
    ['https://api.example.com:80/a', 'https://api.example.com:80/a'],
    ['http://api.example.com:443/a', 'http://api.example.com:443/a'],
    ['https://api.example.com:8443/a', 'https://api.example.com:8443/a'],
    ['https://api.example.com:08443/a', 'https://api.example.com:8443/a'],
    // path: empty, trailing slash kept, case kept, dot segments removed
    ['https://api.example.com', 'https://api.example.com/'],
    ['https://api.example.com?x=1', 'https://api.example.com/'],
    ['https://api.example.com/a/', 'https://api.example.com/a/'],
    ['https://api.example.com/A/b', 'https://api.example.com/A/b'],
    ['https://api.example.com/a/./b/../c', 'https://api.example.com/a/c'],
    // query and fragment dropped
    ['https://api.example.com/a?b=c&d=e', 'https://api.example.com/a'],
    ['https://api.example.com/a#frag', 'https://api.example.com/a'],
    ['https://api.example.com/a?#', 'https://api.example.com/a'],
    // IPv6 and IPv4 hosts
    ['https://[2001:DB8::1]:443/a', 'https://[2001:db8::1]/a'],
    ['https://[2001:db8:0:0:0:0:0:1]/a', 'https://[2001:db8::1]/a'],
    ['http://[::1]:8080/a', 'http://[::1]:8080/a'],
    ['http://127.0.0.1:80/a', 'http://127.0.0.1/a'],
    // percent-encoding: upper-case hex, unreserved characters decoded
    ['https://api.example.com/a%2fb', 'https://api.example.com/a%2Fb'],
    ['https://api.example.com/%7euser', 'https://api.example.com/~user'],
    ['https://api.example.com/%41%62%2D%5F%2e', 'https://api.example.com/Ab-_.'],
    ['https://api.example.com/a%20b', 'https://api.example.com/a%20b'],
    ['https://api.example.com/%c3%a9', 'https://api.example.com/%C3%A9'],
    ['https://api.example.com/%3a', 'https://api.example.com/%3A'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeHtu(input)).toBe(expected);
  });

  it('makes equivalent spellings equal', () => {
    expect(normalizeHtu('HTTPS://Api.Example.COM:443/%7Ea?q')).toBe(
      normalizeHtu('https://api.example.com/~a#f'),
    );
  });

  it.each([
    '',
    '/relative',
    'api.example.com/a',
    '//api.example.com/a',
    'ftp://api.example.com/a',
    'wss://api.example.com/a',
    'https:api.example.com/a',
    'https:///api.example.com/a',
    'https:\\\\api.example.com\\a',
    'https://',
    'https://user@api.example.com/a',
    'https://user:pass@api.example.com/a',
    'https://api.example.com/a b',
    ' https://api.example.com/a',
    'https://api.example.com/a\n',
    'https://api.example.com/\t',
    'https://api.example.com/é',
    'https://api.example.com/%zz',
    'https://api.example.com/%4',
    'https://exa mple.com/',
    'https://[::1/',
    'https://api.example.com:99999/',
  ])('refuses %j', (input) => {
    expect(normalizeHtu(input)).toBeUndefined();
  });
});
