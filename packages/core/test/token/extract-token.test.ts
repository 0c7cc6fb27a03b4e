import { describe, expect, it } from 'vitest';
import { extractBearerToken, InvalidRequestError, JwtGuardError } from '../../src/index.js';
import { checkedToken, findBearerToken, isFormContentType } from '../../src/token/extract-token.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(JwtGuardError);
    return (error as JwtGuardError).code;
  }
  return 'no error';
};

describe('extractBearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    ['Bearer    abc', 'abc'],
    ['  Bearer abc  ', 'abc'],
    ['Bearer\tabc', 'abc'],
    ['Bearer a-b_c~d+e/f==', 'a-b_c~d+e/f=='],
  ])('reads %j', (authorization, token) => {
    expect(extractBearerToken({ authorization })).toBe(token);
  });

  it.each([[undefined], [null], ['Basic dXNlcjpwYXNz'], ['Bearerabc'], ['DPoP abc'], [[]]])(
    'finds no credentials in %j',
    (authorization) => {
      expect(extractBearerToken({ authorization })).toBeUndefined();
    },
  );

  it.each([
    ['Bearer', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer   ', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer a b', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer a,b', 'ERR_MULTIPLE_TOKENS'],
    ['Bearer a,', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer a=b', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer a, Bearer b', 'ERR_MULTIPLE_TOKENS'],
    ['Basic x, Bearer b', 'ERR_MULTIPLE_TOKENS'],
    ['Bearer "abc"', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer abc\u0000', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer ab\u00e9', 'ERR_MALFORMED_AUTHORIZATION'],
    ['Bearer =abc', 'ERR_MALFORMED_AUTHORIZATION'],
  ])('refuses %j with %s', (authorization, expected) => {
    expect(code(() => extractBearerToken({ authorization }))).toBe(expected);
  });

  it('refuses a duplicated Authorization field as invalid_request', () => {
    const error = (() => {
      try {
        extractBearerToken({ authorization: ['Bearer a', 'Bearer b'] });
      } catch (e) {
        return e as JwtGuardError;
      }
    })();
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error?.code).toBe('ERR_MULTIPLE_TOKENS');
    expect(error?.status).toBe(400);
    expect(error?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="api", error="invalid_request", error_description="More than one access token was presented"',
    );
  });

  it('ignores query tokens by default, but refuses one beside a header token', () => {
    expect(extractBearerToken({ query: '/x?access_token=abc' })).toBeUndefined();
    expect(
      code(() => extractBearerToken({ authorization: 'Bearer a', query: '/x?access_token=abc' })),
    ).toBe('ERR_MULTIPLE_TOKENS');
    expect(extractBearerToken({ authorization: 'Bearer a', query: '/x?other=1' })).toBe('a');
    expect(
      code(() => extractBearerToken({ query: '?access_token=abc%0A' }, { tokenFromQuery: true })),
    ).toBe('ERR_MALFORMED_AUTHORIZATION');
  });

  it('reads query, form body and cookie tokens only when enabled', () => {
    expect(extractBearerToken({ query: '/x?access_token=abc' }, { tokenFromQuery: true })).toBe(
      'abc',
    );
    expect(
      code(() =>
        extractBearerToken({ query: '?access_token=a&access_token=b' }, { tokenFromQuery: true }),
      ),
    ).toBe('ERR_MULTIPLE_TOKENS');
    const form = 'application/x-www-form-urlencoded; charset=utf-8';
    expect(
      extractBearerToken({ formBody: { access_token: 'f' }, contentType: form }),
    ).toBeUndefined();
    expect(
      extractBearerToken(
        { formBody: { access_token: 'f' }, contentType: 'application/json' },
        { tokenFromFormBody: true },
      ),
    ).toBeUndefined();
    expect(
      extractBearerToken(
        { formBody: { access_token: 'f' }, contentType: form },
        { tokenFromFormBody: true },
      ),
    ).toBe('f');
    expect(extractBearerToken({ cookie: 'a=1; at=c' })).toBeUndefined();
    expect(extractBearerToken({ cookie: 'a=1; at=c' }, { tokenFromCookie: 'at' })).toBe('c');
    expect(
      code(() =>
        extractBearerToken(
          { authorization: 'Bearer a', cookie: 'at=c' },
          { tokenFromCookie: 'at' },
        ),
      ),
    ).toBe('ERR_MULTIPLE_TOKENS');
  });

  it('compares query parameter names after URL decoding', () => {
    for (const query of [
      '/x?access%5Ftoken=abc',
      '/x?%61ccess_token=abc',
      '/x?%61%63%63%65%73%73%5F%74%6F%6B%65%6E=abc',
    ]) {
      expect(code(() => extractBearerToken({ authorization: 'Bearer a', query }))).toBe(
        'ERR_MULTIPLE_TOKENS',
      );
      expect(extractBearerToken({ query }, { tokenFromQuery: true })).toBe('abc');
    }
    expect(extractBearerToken({ authorization: 'Bearer a', query: '/x?q=100%25' })).toBe('a');
  });

  it('counts two cookies of the token cookie’s name as two tokens', () => {
    for (const cookie of ['at=a; at=b', 'at=a;at=a', 'x=1; at=a; y=2; at=b']) {
      expect(code(() => extractBearerToken({ cookie }, { tokenFromCookie: 'at' }))).toBe(
        'ERR_MULTIPLE_TOKENS',
      );
    }
    expect(extractBearerToken({ cookie: 'at=a; att=b; xat=c' }, { tokenFromCookie: 'at' })).toBe(
      'a',
    );
  });

  it('reads an emptied token cookie as no token', () => {
    expect(extractBearerToken({ cookie: 'at=; x=1' }, { tokenFromCookie: 'at' })).toBeUndefined();
    expect(extractBearerToken({ cookie: 'at= ' }, { tokenFromCookie: 'at' })).toBeUndefined();
  });

  it('counts a repeated form field as two tokens', () => {
    const contentType = 'application/x-www-form-urlencoded';
    expect(
      code(() =>
        extractBearerToken(
          { formBody: { access_token: ['a', 'b'] }, contentType },
          { tokenFromFormBody: true },
        ),
      ),
    ).toBe('ERR_MULTIPLE_TOKENS');
  });

  it('never reads an inherited form field', () => {
    const body = Object.create({ access_token: 'inherited' });
    expect(
      extractBearerToken(
        { formBody: body, contentType: 'application/x-www-form-urlencoded' },
        { tokenFromFormBody: true },
      ),
    ).toBeUndefined();
  });

  it('refuses a token over the size cap before parsing it', () => {
    // The default admits every token that fits Node's default 16 KiB header limit.
    expect(extractBearerToken({ authorization: `Bearer ${'a'.repeat(16_384)}` })).toHaveLength(
      16_384,
    );
    const big = `Bearer ${'a'.repeat(16_385)}`;
    expect(code(() => extractBearerToken({ authorization: big }))).toBe('ERR_TOKEN_TOO_LARGE');
    expect(extractBearerToken({ authorization: big }, { maxTokenBytes: 20_000 })).toHaveLength(
      16_385,
    );
    const huge = `Bearer ${'a'.repeat(1 << 20)}`;
    expect(code(() => extractBearerToken({ authorization: huge }))).toBe('ERR_TOKEN_TOO_LARGE');
  });
});

describe('isFormContentType', () => {
  it.each([
    ['application/x-www-form-urlencoded', true],
    ['Application/X-WWW-Form-Urlencoded; charset=utf-8', true],
    ['application/x-www-form-urlencodedX', false],
    ['multipart/form-data', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('%j → %s', (contentType, expected) => {
    expect(isFormContentType(contentType)).toBe(expected);
  });
});

describe('findBearerToken', () => {
  it('leaves the characters of a header token to checkedToken, and nothing else', () => {
    expect(findBearerToken({ authorization: 'Bearer a!b' })).toBe('a!b');
    expect(findBearerToken({ authorization: 'Bearer' })).toBe('');
    expect(code(() => checkedToken('a!b'))).toBe('ERR_MALFORMED_AUTHORIZATION');
    expect(code(() => checkedToken(''))).toBe('ERR_MALFORMED_AUTHORIZATION');
    expect(checkedToken('abc.def-_~+/==')).toBe('abc.def-_~+/==');
    expect(code(() => extractBearerToken({ authorization: 'Bearer a!b' }))).toBe(
      'ERR_MALFORMED_AUTHORIZATION',
    );
    // Query and form tokens are still checked where they are read.
    expect(
      code(() => findBearerToken({ query: '?access_token=a!b' }, { tokenFromQuery: true })),
    ).toBe('ERR_MALFORMED_AUTHORIZATION');
  });

  it('reports a malformed header before a second token or the size cap, like extractBearerToken', () => {
    const twice = { authorization: 'Bearer a!b', query: '?access_token=abc' };
    const large = { authorization: `Bearer ${'!'.repeat(40)}` };
    for (const find of [findBearerToken, extractBearerToken]) {
      expect(code(() => find(twice))).toBe('ERR_MALFORMED_AUTHORIZATION');
      expect(code(() => find(large, { maxTokenBytes: 20 }))).toBe('ERR_MALFORMED_AUTHORIZATION');
      expect(code(() => find({ ...twice, authorization: 'Bearer ab' }))).toBe(
        'ERR_MULTIPLE_TOKENS',
      );
      expect(
        code(() => find({ authorization: `Bearer ${'a'.repeat(40)}` }, { maxTokenBytes: 20 })),
      ).toBe('ERR_TOKEN_TOO_LARGE');
    }
  });
});

describe('findBearerToken: the field read last', () => {
  // Each value is a new string, as a request brings one, so no answer comes from identity.
  const fresh = (text: string) => [...text].join('');

  it('answers a repeated field as read the first time, under the same schemes only', () => {
    const field = 'DPoP eyJ.eyJ.sig';
    expect(findBearerToken({ authorization: fresh(field) }, { schemes: 'bearer' })).toBeUndefined();
    expect(findBearerToken({ authorization: fresh(field) }, { schemes: 'dpop' })).toBe(
      'eyJ.eyJ.sig',
    );
    expect(findBearerToken({ authorization: fresh(field) }, { schemes: 'dpop' })).toBe(
      'eyJ.eyJ.sig',
    );
    expect(findBearerToken({ authorization: fresh(field) }, { schemes: 'bearer' })).toBeUndefined();
  });

  it('reads a field that differs from the last one afresh', () => {
    expect(findBearerToken({ authorization: fresh('Bearer abc') })).toBe('abc');
    expect(findBearerToken({ authorization: fresh('Bearer abd') })).toBe('abd');
    expect(findBearerToken({ authorization: fresh('Basic abd') })).toBeUndefined();
    expect(findBearerToken({ authorization: fresh('Bearer abd') })).toBe('abd');
  });

  it('refuses a refused field every time, and keeps the checks beyond the field', () => {
    const joined = 'Bearer abc, Bearer def';
    for (let n = 0; n < 2; n += 1) {
      expect(() => findBearerToken({ authorization: fresh(joined) })).toThrow(
        expect.objectContaining({ code: 'ERR_MULTIPLE_TOKENS' }),
      );
    }
    expect(findBearerToken({ authorization: fresh('Bearer abc') })).toBe('abc');
    // The same field again, now beside a query token: two methods.
    expect(() =>
      findBearerToken({ authorization: fresh('Bearer abc'), query: '/x?access_token=abc' }),
    ).toThrow(expect.objectContaining({ code: 'ERR_MULTIPLE_TOKENS' }));
    expect(() =>
      findBearerToken({ authorization: fresh('Bearer abc') }, { maxTokenBytes: 2 }),
    ).toThrow(expect.objectContaining({ code: 'ERR_TOKEN_TOO_LARGE' }));
  });
});
