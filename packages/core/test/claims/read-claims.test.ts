/**
 * Reading claims: the payload decoder (strict UTF-8, a JSON object only) and the path,
 * scope and role readers the guards use (own properties, strings only, no empty parts).
 */
import { describe, expect, it } from 'vitest';
import { decodeClaims } from '../../src/claims/decode-claims.js';
import { readClaim, rolesOf, scopesOf } from '../../src/claims/read-claims.js';
import { thrownBy } from '../outcome.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decodeClaims', () => {
  it('returns the claims object', () => {
    expect(decodeClaims(bytes('{"sub":"a","n":[1]}'))).toEqual({ sub: 'a', n: [1] });
  });

  it.each([
    [
      'invalid UTF-8 inside a string',
      Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    ],
    ['not JSON', bytes('{"sub":')],
    ['an array', bytes('[{"sub":"a"}]')],
    ['null', bytes('null')],
    ['a string', bytes('"claims"')],
    ['a number', bytes('42')],
  ])('refuses %s as malformed, without a cause', (_name, payload) => {
    const error = thrownBy(() => decodeClaims(payload));
    expect(error?.code).toBe('ERR_TOKEN_MALFORMED');
    expect(error?.cause).toBeUndefined();
  });
});

describe('readClaim', () => {
  it('walks an array path as given, never as one joined name', () => {
    expect(readClaim({ 'a,b': 1, a: { b: 2 } }, ['a', 'b'])).toBe(2);
    expect(readClaim({ 'a,b': 1 }, ['a', 'b'])).toBeUndefined();
  });

  it('stops at anything that is not an object', () => {
    expect(readClaim({ a: 'text' }, 'a.length')).toBeUndefined();
    expect(readClaim({ a: null }, 'a.b')).toBeUndefined();
    expect(readClaim({ a: 7 }, ['a', 'toFixed'])).toBeUndefined();
    expect(readClaim({ a: { b: false } }, 'a.b')).toBe(false);
  });
});

describe('scopesOf and rolesOf', () => {
  it('drops empty parts and non-strings', () => {
    expect(scopesOf({ scope: ' read  write ', scp: ['admin', '', 3 as never] })).toEqual(
      new Set(['read', 'write', 'admin']),
    );
    expect(scopesOf({ scp: 'a b' })).toEqual(new Set(['a', 'b']));
  });

  it('takes a string as one role and the string members of an array', () => {
    expect(rolesOf({ roles: 'admin ops' }, 'roles')).toEqual(new Set(['admin ops']));
    expect(rolesOf({ roles: ['admin', 1, null, 'ops'] as never }, 'roles')).toEqual(
      new Set(['admin', 'ops']),
    );
    expect(rolesOf({ groups: ['x'] }, (payload) => payload.groups)).toEqual(new Set(['x']));
  });
});
