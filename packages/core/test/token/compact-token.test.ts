import { describe, expect, it } from 'vitest';
import { isCanonicalCompactJws, isCanonicalSegment } from '../../src/token/compact-token.js';

describe('isCanonicalCompactJws', () => {
  it.each([
    ['eyJhIjoxfQ.e30.c2ln', true],
    ['eyJhIjoxfQ.e30.c2k', true],
    ['eyJhIjoxfQ.e30.cw', true],
    ['eyJhIjoxfQ.e30.c2l', false],
    ['eyJhIjoxfQ.e30.cx', false],
    ['eyJhIjoxfQ.e30.c', false],
    ['eyJhIjoxfQ.e30.c2ln=', false],
    ['eyJhIjoxfQ.e30.c2l+', false],
    ['eyJhIjoxfQ.e30.', false],
    ['eyJhIjoxfQ.e30', false],
    ['a.b.c.d.e', false],
    ['eyJhIjoxfR.e30.c2ln', false],
    ['eyJhIjoxfQ.e30.c2ln\n', false],
    ['\neyJhIjoxfQ.e30.c2ln', false],
    ['eyJhIjoxfQ.e30.c2ln\u0000', false],
    ['eyJhIjoxfQ.é30.c2ln', false],
    ['.e30.c2ln', false],
  ])('%s → %s', (token, expected) => {
    expect(isCanonicalCompactJws(token)).toBe(expected);
  });

  it('agrees with Node on every 2- and 3-character final group', () => {
    for (const bytes of [[0xff], [0x00], [0xab, 0xcd]]) {
      const canonical = Buffer.from(bytes).toString('base64url');
      expect(isCanonicalCompactJws(`e30.e30.${canonical}`)).toBe(true);
      const last = canonical.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      for (const other of alphabet) {
        const variant = canonical.slice(0, -1) + other;
        const sameBytes = Buffer.from(variant, 'base64url').equals(Buffer.from(bytes));
        if (other !== last && sameBytes)
          expect(isCanonicalCompactJws(`e30.e30.${variant}`)).toBe(false);
      }
    }
  });
});

describe('isCanonicalSegment', () => {
  it.each([
    ['e30', true],
    ['c2ln', true],
    ['cw', true],
    ['cx', false],
    ['e30=', false],
    ['c2l+', false],
    ['e30.e30', false],
    ['', false],
    ['a', false],
  ])('%j → %s', (segment, expected) => {
    expect(isCanonicalSegment(segment)).toBe(expected);
  });
});
