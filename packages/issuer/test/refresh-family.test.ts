/** The pure decisions on a family record: what a presented hash means, at each boundary. */
import { describe, expect, it } from 'vitest';
import {
  classify,
  type FamilyRecord,
  familyExpiresAt,
  OLDER_KEPT,
  recordTtlMs,
  revokedRecord,
  rotated,
  withAccessToken,
} from '../src/refresh-family.js';

const T0 = 1_000_000_000;
const limits = { idleTtlMs: 1_000, reuseGraceMs: 100 };
const record: FamilyRecord = {
  v: 1,
  sub: 'alice',
  clientId: 'first-party',
  scope: 'read',
  claims: {},
  audience: undefined,
  dpopJkt: undefined,
  createdAt: T0,
  lastUsedAt: T0,
  absoluteExpiresAt: T0 + 5_000,
  generation: 1,
  current: 'h1',
  older: [],
  accessTokens: [{ jti: 'a1', exp: T0 / 1000 + 300 }],
};

describe('classify', () => {
  it('rotates the current token until the idle and absolute ends', () => {
    expect(classify(record, 'h1', T0 + 1_000, limits)).toBe('rotate');
    expect(classify(record, 'h1', T0 + 1_001, limits)).toBe('invalid');
    const used = { ...record, lastUsedAt: T0 + 4_900 };
    expect(classify(used, 'h1', T0 + 4_999, limits)).toBe('rotate');
    expect(classify(used, 'h1', T0 + 5_000, limits)).toBe('invalid');
  });

  it('gives the predecessor the grace, then counts it and older ones as reuse', () => {
    const two = rotated(record, 'h2', 'sealed', { jti: 'a2', exp: T0 / 1000 + 300 }, T0 + 10);
    expect(classify(two, 'h2', T0 + 10, limits)).toBe('rotate');
    expect(classify(two, 'h1', T0 + 110, limits)).toBe('grace');
    expect(classify(two, 'h1', T0 + 111, limits)).toBe('reuse');
    const three = rotated(two, 'h3', 'sealed', { jti: 'a3', exp: T0 / 1000 + 300 }, T0 + 20);
    expect(classify(three, 'h1', T0 + 20, limits)).toBe('reuse');
    expect(classify(three, 'h2', T0 + 20, limits)).toBe('grace');
    expect(classify(three, 'nope', T0 + 20, limits)).toBe('invalid');
    expect(classify(revokedRecord(three, 'revoke', T0 + 30), 'h3', T0 + 30, limits)).toBe(
      'invalid',
    );
  });

  it(`remembers the last ${OLDER_KEPT} older generations`, () => {
    let line = record;
    for (let g = 2; g <= OLDER_KEPT + 4; g += 1) {
      line = rotated(line, `h${g}`, 'sealed', { jti: `a${g}`, exp: 0 }, T0 + g);
    }
    expect(line.generation).toBe(OLDER_KEPT + 4);
    expect(line.older).toHaveLength(OLDER_KEPT);
    expect(line.older[0]).toBe(`h${OLDER_KEPT + 2}`);
    expect(classify(line, `h${OLDER_KEPT + 2}`, T0 + 50, limits)).toBe('reuse');
    expect(classify(line, 'h3', T0 + 50, limits)).toBe('reuse');
    expect(classify(line, 'h2', T0 + 50, limits)).toBe('invalid');
  });
});

describe('transitions', () => {
  it('records access tokens, dropping expired ones', () => {
    const next = withAccessToken(record, { jti: 'a2', exp: T0 / 1000 + 600 }, T0 + 300_000);
    expect(next.accessTokens).toEqual([{ jti: 'a2', exp: T0 / 1000 + 600 }]);
  });

  it('drops the sealed successor on revocation and keeps the record to the absolute end', () => {
    const two = rotated(record, 'h2', 'sealed', { jti: 'a2', exp: T0 / 1000 + 300 }, T0 + 10);
    const revoked = revokedRecord(two, 'reuse', T0 + 20);
    expect(revoked.previous).toBeUndefined();
    expect(revoked.revoked).toEqual({ at: T0 + 20, reason: 'reuse' });
    expect(familyExpiresAt(two, 1_000)).toBe(T0 + 1_010);
    expect(familyExpiresAt(revoked, 1_000)).toBe(T0 + 5_000);
    expect(recordTtlMs(revoked, 1_000, T0 + 20)).toBe(4_980 + 60_000);
    expect(recordTtlMs(revoked, 1_000, T0 + 9_000)).toBe(1 + 60_000);
  });
});
