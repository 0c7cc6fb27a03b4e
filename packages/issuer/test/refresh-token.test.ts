/** The refresh-token format, its hash, and the successor sealed under its predecessor. */
import { describe, expect, it } from 'vitest';
import { familyIdOf, mintRefreshToken, newFamilyId, sha256 } from '../src/refresh-token.js';
import { openSuccessor, sealSuccessor } from '../src/successor-seal.js';

describe('refresh-token format', () => {
  it('is jgr_, a 128-bit family id and a 256-bit secret, fresh every time', () => {
    const familyId = newFamilyId();
    expect(familyId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const a = mintRefreshToken(familyId);
    const b = mintRefreshToken(familyId);
    expect(a).toMatch(/^jgr_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(a.startsWith(`jgr_${familyId}.`)).toBe(true);
    expect(a).not.toBe(b);
    expect(newFamilyId()).not.toBe(familyId);
  });

  it('finds the family id of our tokens only', () => {
    const familyId = newFamilyId();
    const token = mintRefreshToken(familyId);
    expect(familyIdOf(token)).toBe(familyId);
    for (const other of [
      undefined,
      42,
      '',
      token.slice(1),
      `${token}x`,
      `x${token}`,
      token.replace('.', '_'),
      token.replace('jgr_', 'jgt_'),
      `${token.slice(0, -1)}=`,
    ]) {
      expect(familyIdOf(other)).toBeUndefined();
    }
  });

  it('hashes with SHA-256 into base64url (RFC 4648 §5)', async () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    expect(await sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});

describe('successor seal', () => {
  it('opens only with the predecessor it was sealed under', async () => {
    const familyId = newFamilyId();
    const predecessor = mintRefreshToken(familyId);
    const successor = mintRefreshToken(familyId);
    const sealed = await sealSuccessor(successor, predecessor);
    expect(sealed).not.toContain(successor.split('.')[1]);
    expect(await openSuccessor(sealed, predecessor)).toBe(successor);
    expect(await openSuccessor(sealed, mintRefreshToken(familyId))).toBeUndefined();
    expect(await openSuccessor('not.a.jwe.at.all', predecessor)).toBeUndefined();
  });
});
