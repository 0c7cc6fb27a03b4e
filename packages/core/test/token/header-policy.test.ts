/**
 * The protected header's rules one by one (RFC 7515 §4.1.11, RFC 7797, RFC 8725 §3.11,
 * RFC 9068 §2.1), on `headerFailure` itself and through a verifier on a real issuer.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { type HeaderRules, headerFailure } from '../../src/token/header-policy.js';
import { codeOf } from '../outcome.js';

const rules: HeaderRules = { algorithms: new Set(['ES256']), requireAtJwt: false };
const atJwtOnly: HeaderRules = { ...rules, requireAtJwt: true };

describe('headerFailure', () => {
  it.each([
    ['a plain header', {}, undefined],
    ['b64: true (the default spelled out)', { b64: true }, undefined],
    ['b64: false (unencoded payload)', { b64: false }, 'ERR_HEADER_INVALID'],
    ['b64 as a string', { b64: 'false' }, 'ERR_HEADER_INVALID'],
    ['any crit, even empty', { crit: [] }, 'ERR_HEADER_INVALID'],
    ['a string kid', { kid: 'k1' }, undefined],
    ['a numeric kid', { kid: 1 }, 'ERR_HEADER_INVALID'],
    ['typ JWT', { typ: 'JWT' }, undefined],
    ['typ at+jwt in any case', { typ: 'AT+JWT' }, undefined],
    ['typ application/at+jwt', { typ: 'application/at+jwt' }, undefined],
    ['typ application/jwt', { typ: 'Application/JWT' }, undefined],
    ['typ with application/ in the middle', { typ: 'x-application/jwt' }, 'ERR_TYPE_NOT_ALLOWED'],
    // Only a leading "application/" may be dropped: here dropping it would leave at+jwt.
    ['typ with application/ inside', { typ: 'at+application/jwt' }, 'ERR_TYPE_NOT_ALLOWED'],
    ['typ with a suffix', { typ: 'jwt2' }, 'ERR_TYPE_NOT_ALLOWED'],
    ['typ as a number', { typ: 1 }, 'ERR_TYPE_NOT_ALLOWED'],
    ['typ dpop+jwt', { typ: 'dpop+jwt' }, 'ERR_TYPE_NOT_ALLOWED'],
  ])('%s', (_name, extra, expected) => {
    expect(headerFailure({ alg: 'ES256', ...extra } as never, rules)).toBe(expected);
  });

  it.each([
    ['no alg', {}, 'ERR_TOKEN_MALFORMED'],
    ['an empty alg', { alg: '' }, 'ERR_TOKEN_MALFORMED'],
    ['a numeric alg', { alg: 256 }, 'ERR_TOKEN_MALFORMED'],
    ['an alg off the allowlist', { alg: 'RS256' }, 'ERR_ALGORITHM_NOT_ALLOWED'],
    ['an alg in another case', { alg: 'es256' }, 'ERR_ALGORITHM_NOT_ALLOWED'],
    ['crit before a bad alg', { alg: '', crit: ['exp'] }, 'ERR_HEADER_INVALID'],
  ])('refuses %s', (_name, header, expected) => {
    expect(headerFailure(header as never, rules)).toBe(expected);
  });

  it.each([
    [undefined, 'ERR_TYPE_NOT_ALLOWED'],
    ['JWT', 'ERR_TYPE_NOT_ALLOWED'],
    ['at+jwt', undefined],
    ['application/AT+JWT', undefined],
  ])('with requireAtJwt, typ %s gives %s', (typ, expected) => {
    expect(headerFailure({ alg: 'ES256', typ }, atJwtOnly)).toBe(expected);
  });
});

describe('header rules through a verifier', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  it.each([true, false])(
    'nodeCrypto %s: requireAtJwt refuses typ JWT and a missing typ',
    async (nodeCrypto) => {
      const verifier = createVerifier({
        issuer: issuer.issuer,
        audience: issuer.audience,
        jwksUri: issuer.jwksUri,
        requireAtJwt: true,
        nodeCrypto,
        cache: false,
      });
      expect(await codeOf(verifier.verify(await issuer.mint({ header: { typ: 'at+jwt' } })))).toBe(
        'resolved',
      );
      expect(await codeOf(verifier.verify(await issuer.mint()))).toBe('ERR_TYPE_NOT_ALLOWED');
      expect(await codeOf(verifier.verify(await issuer.mint({ header: { typ: undefined } })))).toBe(
        'ERR_TYPE_NOT_ALLOWED',
      );
    },
  );
});
