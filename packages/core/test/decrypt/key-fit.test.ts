/**
 * Which decryption key serves which algorithm (RFC 8725 §3.1: a key is used only with the
 * algorithms it was meant for), from the RFC 7518 tables: key management (§4.1) and the
 * content key lengths (§5.1).
 */
import { describe, expect, it } from 'vitest';
import { contentKeyBits, keyManagementRow } from '../../src/decrypt/algorithms.js';
import { describeDecryptionKey, fits } from '../../src/decrypt/decryption-key.js';
import type { KeyMaterial } from '../../src/decrypt/key-material.js';

const ALL_ENCS = [
  'A128GCM',
  'A192GCM',
  'A256GCM',
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
];

describe('the RFC 7518 tables', () => {
  it.each([
    ['RSA-OAEP', { family: 'RSA', hash: 'SHA-1' }],
    ['RSA-OAEP-256', { family: 'RSA', hash: 'SHA-256' }],
    ['RSA-OAEP-384', { family: 'RSA', hash: 'SHA-384' }],
    ['RSA-OAEP-512', { family: 'RSA', hash: 'SHA-512' }],
    ['ECDH-ES', { family: 'EC' }],
    ['ECDH-ES+A128KW', { family: 'EC' }],
    ['ECDH-ES+A192KW', { family: 'EC' }],
    ['ECDH-ES+A256KW', { family: 'EC' }],
    ['A128KW', { family: 'oct', bits: 128, subtle: 'AES-KW' }],
    ['A192KW', { family: 'oct', bits: 192, subtle: 'AES-KW' }],
    ['A256KW', { family: 'oct', bits: 256, subtle: 'AES-KW' }],
    ['A128GCMKW', { family: 'oct', bits: 128, subtle: 'AES-GCM' }],
    ['A192GCMKW', { family: 'oct', bits: 192, subtle: 'AES-GCM' }],
    ['A256GCMKW', { family: 'oct', bits: 256, subtle: 'AES-GCM' }],
    ['dir', { family: 'oct', subtle: 'AES-GCM' }],
  ])('key management %s needs %j', (alg, row) => {
    expect(keyManagementRow(alg)).toEqual(row);
  });

  it.each([
    ['A128GCM', 128],
    ['A192GCM', 192],
    ['A256GCM', 256],
    ['A128CBC-HS256', 256],
    ['A192CBC-HS384', 384],
    ['A256CBC-HS512', 512],
  ])('content encryption %s has a %i-bit key', (enc, bits) => {
    expect(contentKeyBits(enc)).toBe(bits);
  });

  it('know no other name', () => {
    for (const name of ['RSA1_5', 'none', 'rsa-oaep-256', 'A256GCM', '']) {
      expect(keyManagementRow(name), name).toBeUndefined();
    }
    for (const name of ['A256CTR', 'dir', 'a256gcm', '']) {
      expect(contentKeyBits(name), name).toBeUndefined();
    }
  });
});

describe('fits', () => {
  const key = (over: Partial<KeyMaterial>): KeyMaterial => ({
    material: {},
    family: 'oct',
    ...over,
  });
  const algsFor = (material: KeyMaterial, encs = ALL_ENCS) =>
    [
      'RSA-OAEP',
      'RSA-OAEP-256',
      'RSA-OAEP-384',
      'RSA-OAEP-512',
      'ECDH-ES',
      'ECDH-ES+A256KW',
      'A128KW',
      'A256KW',
      'A128GCMKW',
      'A256GCMKW',
      'dir',
      'RSA1_5',
    ].filter((alg) => fits(material, alg, encs));

  it('an RSA JWK (no hash): every RSA-OAEP; a CryptoKey: the one of its hash', () => {
    expect(algsFor(key({ family: 'RSA' }))).toEqual([
      'RSA-OAEP',
      'RSA-OAEP-256',
      'RSA-OAEP-384',
      'RSA-OAEP-512',
    ]);
    expect(algsFor(key({ family: 'RSA', hash: 'SHA-384' }))).toEqual(['RSA-OAEP-384']);
    expect(algsFor(key({ family: 'RSA', hash: 'SHA-1' }))).toEqual(['RSA-OAEP']);
  });

  it('an EC key: every ECDH-ES', () => {
    expect(algsFor(key({ family: 'EC' }))).toEqual(['ECDH-ES', 'ECDH-ES+A256KW']);
  });

  it('a PEM (type unknown until imported): RSA and EC, never a secret', () => {
    expect(algsFor(key({ family: undefined }))).toEqual([
      'RSA-OAEP',
      'RSA-OAEP-256',
      'RSA-OAEP-384',
      'RSA-OAEP-512',
      'ECDH-ES',
      'ECDH-ES+A256KW',
    ]);
  });

  it('raw secret bytes: key wrap of their length, and dir for an enc of their length', () => {
    expect(algsFor(key({ bits: 128 }))).toEqual(['A128KW', 'A128GCMKW', 'dir']);
    expect(algsFor(key({ bits: 256 }))).toEqual(['A256KW', 'A256GCMKW', 'dir']);
    // 256 bits is A256GCM's key and A128CBC-HS256's: dir fits while either is allowed.
    expect(fits(key({ bits: 256 }), 'dir', ['A128CBC-HS256'])).toBe(true);
    expect(fits(key({ bits: 256 }), 'dir', ['A128GCM', 'A192GCM'])).toBe(false);
    expect(algsFor(key({ bits: 160 }))).toEqual([]);
  });

  it('a secret CryptoKey: only its WebCrypto algorithm, and dir with AES-GCM alone', () => {
    expect(algsFor(key({ bits: 128, subtle: 'AES-KW' }))).toEqual(['A128KW']);
    expect(algsFor(key({ bits: 256, subtle: 'AES-GCM' }))).toEqual(['A256GCMKW', 'dir']);
    // AES-CBC-HMAC splits raw key bytes, which a CryptoKey does not give.
    expect(fits(key({ bits: 256, subtle: 'AES-GCM' }), 'dir', ['A128CBC-HS256'])).toBe(false);
  });

  it('no key of one family serves another', () => {
    expect(fits(key({ family: 'EC' }), 'RSA-OAEP-256', ALL_ENCS)).toBe(false);
    expect(fits(key({ family: 'RSA' }), 'dir', ALL_ENCS)).toBe(false);
    expect(fits(key({ bits: 256 }), 'ECDH-ES', ALL_ENCS)).toBe(false);
  });
});

describe('describeDecryptionKey', () => {
  const secret = { kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url') };
  const allowed = {
    keyManagementAlgorithms: ['dir', 'A256KW'],
    contentEncryptionAlgorithms: ['A256GCM', 'A128CBC-HS256'],
  };

  it('serves every allowed algorithm a key fits, in allowlist order', () => {
    const spec = describeDecryptionKey(secret, 'decryption.keys', allowed);
    expect(spec).toMatchObject({ option: 'decryption.keys', algorithms: ['dir', 'A256KW'] });
    expect(spec.enc).toBeUndefined();
    expect(spec.kid).toBeUndefined();
  });

  it('pins a key to the one alg it names', () => {
    const spec = describeDecryptionKey({ key: secret, alg: 'A256KW' }, 'k', allowed);
    expect(spec.algorithms).toEqual(['A256KW']);
  });

  it('reads an enc as alg as a dir key pinned to that enc', () => {
    const spec = describeDecryptionKey({ ...secret, alg: 'A128CBC-HS256', kid: 'c' }, 'k', allowed);
    expect(spec).toMatchObject({ kid: 'c', algorithms: ['dir'], enc: 'A128CBC-HS256' });
  });

  it.each([
    ['dir not allowed', { keyManagementAlgorithms: ['A256KW'] }, 'A256GCM', /is for dir, which/],
    [
      'the enc not allowed',
      { contentEncryptionAlgorithms: ['A128CBC-HS256'] },
      'A256GCM',
      /is for A256GCM, which decryption.contentEncryptionAlgorithms does not allow/,
    ],
  ])('refuses a key pinned to an enc when %s', (_name, over, alg, rule) => {
    const make = () => describeDecryptionKey({ ...secret, alg }, 'k', { ...allowed, ...over });
    expect(make).toThrow(TypeError);
    expect(make).toThrow(rule);
  });

  it('takes a kid given twice only when both agree', () => {
    const both = { kid: 'a', key: { ...secret, kid: 'a' } };
    expect(describeDecryptionKey(both, 'k', allowed).kid).toBe('a');
    const make = () => describeDecryptionKey({ ...both, kid: 'b' }, 'k', allowed);
    expect(make).toThrow(TypeError);
    expect(make).toThrow('gives two different "kid" values');
  });

  it('reads a JWK with a `key` member as a JWK, not as a wrapper', () => {
    const spec = describeDecryptionKey({ ...secret, key: 'not a wrapper' }, 'k', allowed);
    expect(spec.algorithms).toEqual(['dir', 'A256KW']);
  });
});
