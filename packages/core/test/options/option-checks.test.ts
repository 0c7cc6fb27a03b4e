/**
 * The option checks every parser shares: a given value passes through, `undefined` takes the
 * fallback, and anything else is a `TypeError` naming the option, through the parser's own
 * label when it has one.
 */
import { describe, expect, it } from 'vitest';
import { duration, nonNegativeInteger, positiveInteger } from '../../src/options/numbers.js';
import { failWith, optionError } from '../../src/options/option-error.js';
import { isScopeToken, nonEmptyStrings, scopeTokens } from '../../src/options/strings.js';

describe('the number checks', () => {
  it.each([
    ['duration', duration, 0, [-1, Number.NaN, Number.POSITIVE_INFINITY, '5']],
    ['nonNegativeInteger', nonNegativeInteger, 0, [-1, 1.5, Number.NaN, 2 ** 53]],
    ['positiveInteger', positiveInteger, 1, [0, -1, 1.5, Number.NaN, 2 ** 53]],
  ] as const)(
    '%s takes the fallback for undefined, keeps its least value, and names the option of any other',
    (_name, check, least, refused) => {
      expect(check(undefined, 'x', 7)).toBe(7);
      expect(check(least, 'x', 7)).toBe(least);
      expect(check(1_000, 'x', 7)).toBe(1_000);
      for (const value of refused) {
        expect(() => check(value as number, 'jwks.x', 7)).toThrow(TypeError);
        expect(() => check(value as number, 'jwks.x', 7)).toThrow('option "jwks.x"');
      }
    },
  );

  it('fails through the parser own label when it gives one', () => {
    const fail = failWith((option) => `createMemoryStore: ${option}`);
    expect(() => positiveInteger(0, 'maxEntries', 1, fail)).toThrow(TypeError);
    expect(() => positiveInteger(0, 'maxEntries', 1, fail)).toThrow(
      /^createMemoryStore: maxEntries /,
    );
  });
});

describe('the option error', () => {
  it('is a TypeError that keeps the cause it is given', () => {
    const cause = new Error('inner');
    const error = optionError('decryption.keys', 'could not be imported', { cause });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause).toBe(cause);
  });
});

describe('the scope-token pattern (RFC 6749 §3.3)', () => {
  it.each(['read:orders', '!', '~', 'a#[]'])('admits %j', (scope) => {
    expect(isScopeToken(scope)).toBe(true);
  });

  it.each(['', 'read orders', 'say"hi"', 'back\\slash', 'caf\u00e9', '\x7f', 42, undefined])(
    'refuses %j',
    (scope) => {
      expect(isScopeToken(scope)).toBe(false);
    },
  );
});

describe('the string lists of the policy builders', () => {
  it('nonEmptyStrings returns a frozen copy, and refuses an empty list or an empty string', () => {
    const given = ['admin'];
    const kept = nonEmptyStrings('hasAnyRole', given);
    given.push('ops');
    expect(kept).toEqual(['admin']);
    expect(Object.isFrozen(kept)).toBe(true);
    expect(() => nonEmptyStrings('hasAnyRole', [])).toThrow(TypeError);
    expect(() => nonEmptyStrings('hasAnyRole', ['admin', ''])).toThrow(TypeError);
    expect(() => nonEmptyStrings('hasAnyRole', [7])).toThrow(TypeError);
  });

  it('scopeTokens names the builder and the first scope that is no scope-token', () => {
    expect(scopeTokens('hasScopes', ['read:orders'])).toEqual(['read:orders']);
    expect(() => scopeTokens('hasScopes', ['ok', 'not ok', 'x"y'])).toThrow(TypeError);
    expect(() => scopeTokens('hasScopes', ['ok', 'not ok', 'x"y'])).toThrow(
      /hasScopes\(\).*"not ok"/,
    );
  });
});
