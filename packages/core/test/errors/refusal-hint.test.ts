/** slashHint: a near miss by one trailing slash, named by the configured value only. */
import { describe, expect, it } from 'vitest';
import { slashHint } from '../../src/errors/refusal-hint.js';

const A = 'https://id.example.com';

describe('slashHint', () => {
  it("names the configured value that differs from the token's only by a trailing slash", () => {
    expect(slashHint('iss', A, ['https://x.example', `${A}/`])).toEqual({
      claim: 'iss',
      configured: `${A}/`,
      difference: 'trailing-slash',
    });
    expect(slashHint('aud', [7, null, `${A}/`], [A])).toEqual({
      claim: 'aud',
      configured: A,
      difference: 'trailing-slash',
    });
  });

  it('gives none for equal values, other differences, two slashes, or a claim that is no string', () => {
    expect(slashHint('aud', [A], [A])).toBeUndefined();
    expect(slashHint('aud', [A, 'https://other.example'], [A, `${A}/x`])).toBeUndefined();
    expect(slashHint('iss', `${A}//`, [A])).toBeUndefined();
    expect(slashHint('iss', `${A}/x`, [A])).toBeUndefined();
    for (const seen of [undefined, null, 42, {}, [], [42], [{ toString: () => A }]]) {
      expect(slashHint('iss', seen, [`${A}/`])).toBeUndefined();
    }
  });
});
