/** The refresh-token format, its hash, and the successor sealed under its predecessor. */
import { describe, expect, it } from 'vitest';
import {
  createRandomBytes,
  familyIdOf,
  mintRefreshToken,
  newFamilyId,
  newRefreshToken,
  sha256,
} from '../src/refresh-token.js';
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

  it('a new family draws its id and secret fresh, in the same format', () => {
    const first = newRefreshToken();
    const second = newRefreshToken();
    expect(first.token).toMatch(/^jgr_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(familyIdOf(first.token)).toBe(first.familyId);
    expect(second.familyId).not.toBe(first.familyId);
    expect(second.token.split('.')[1]).not.toBe(first.token.split('.')[1]);
    // The secret is not the family id's bytes again: the two come from one 48-byte draw.
    expect(first.token.split('.')[1]!.startsWith(first.familyId.slice(0, 20))).toBe(false);
  });

  it('a block of CSPRNG bytes hands each byte out once, and refills when spent', () => {
    const random = createRandomBytes(100);
    const draws = [random(48), random(48), random(48), random(200)];
    expect(draws.map((bytes) => bytes.length)).toEqual([48, 48, 48, 200]);
    const hex = draws.map((bytes) => Buffer.from(bytes).toString('hex'));
    expect(new Set(hex).size).toBe(4);
    // Never the zeros a spent slice is overwritten with (2^-384 for random bytes).
    for (const bytes of draws.slice(0, 3)) expect(bytes.some((byte) => byte !== 0)).toBe(true);
    const { token } = newRefreshToken(random);
    expect(familyIdOf(token)).toMatch(/^[A-Za-z0-9_-]{22}$/);
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
    // Node hashes with node:crypto; the bytes hashed are the UTF-8 ones, as WebCrypto's.
    const text = 'sub ünïcödé 🔑';
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    expect(await sha256(text)).toBe(Buffer.from(digest).toString('base64url'));
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
