/** Which keys a token is tried with: the one its kid names, else the first few that serve it. */
import { describe, expect, it } from 'vitest';
import type { UsableKey } from '../../src/decrypt/import-keys.js';
import { MAX_KEYS_WITHOUT_KID, selectKeys } from '../../src/decrypt/select-keys.js';

const usable = (over: Partial<UsableKey> & { algs: string[] }): UsableKey => ({
  kid: over.kid,
  bits: over.bits,
  enc: over.enc,
  byAlgorithm: new Map(over.algs.map((alg) => [alg, new Uint8Array()])),
});

describe('selectKeys', () => {
  const dir256 = usable({ kid: 'd', algs: ['dir'], bits: 256 });
  const pinned = usable({ kid: 'p', algs: ['dir'], bits: 256, enc: 'A256GCM' });
  const ec = usable({ kid: 'e', algs: ['ECDH-ES'] });

  it('gives a dir key only for an enc of its length (RFC 7518 §4.5)', () => {
    expect(selectKeys([dir256], { alg: 'dir', enc: 'A256GCM' })).toEqual([dir256]);
    expect(selectKeys([dir256], { alg: 'dir', enc: 'A128CBC-HS256' })).toEqual([dir256]);
    expect(selectKeys([dir256], { alg: 'dir', enc: 'A128GCM' })).toEqual([]);
    expect(selectKeys([dir256], { alg: 'dir', enc: 'A512' })).toEqual([]);
  });

  it('gives a dir key pinned to an enc for that enc alone, even at the same length', () => {
    expect(selectKeys([pinned], { alg: 'dir', enc: 'A256GCM' })).toEqual([pinned]);
    expect(selectKeys([pinned], { alg: 'dir', enc: 'A128CBC-HS256' })).toEqual([]);
  });

  it('ignores the enc for other algorithms', () => {
    expect(selectKeys([ec], { alg: 'ECDH-ES', enc: 'A128GCM' })).toEqual([ec]);
    expect(selectKeys([ec], { alg: 'dir', enc: 'A256GCM' })).toEqual([]);
  });

  it('with a kid: that key if it serves the token, else none (never another key)', () => {
    const keys = [ec, dir256, pinned];
    expect(selectKeys(keys, { alg: 'dir', enc: 'A256GCM', kid: 'p' })).toEqual([pinned]);
    expect(selectKeys(keys, { alg: 'dir', enc: 'A256GCM', kid: 'e' })).toEqual([]);
    expect(selectKeys(keys, { alg: 'dir', enc: 'A128CBC-HS256', kid: 'p' })).toEqual([]);
    expect(selectKeys(keys, { alg: 'dir', enc: 'A256GCM', kid: 'nobody' })).toEqual([]);
  });

  it(`without a kid: the first ${MAX_KEYS_WITHOUT_KID} that serve it, in order`, () => {
    const many = [1, 2, 3, 4, 5].map((n) => usable({ kid: `k${n}`, algs: ['ECDH-ES'] }));
    expect(selectKeys([dir256, ...many], { alg: 'ECDH-ES', enc: 'A256GCM' })).toEqual(
      many.slice(0, MAX_KEYS_WITHOUT_KID),
    );
  });
});
