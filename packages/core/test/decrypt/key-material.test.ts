/**
 * What a configured decryption key is read as, at start-up: each form of key, the
 * operations it allows, and the reason a key that cannot decrypt is refused.
 */
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, exportPKCS8, generateKeyPair, generateSecret, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeKeyMaterial } from '../../src/decrypt/key-material.js';

let rsaJwk: JWK;
let ecJwk: JWK;
let pem: string;

beforeAll(async () => {
  const rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  rsaJwk = await exportJWK(rsa.privateKey);
  ecJwk = await exportJWK((await generateKeyPair('ECDH-ES', { extractable: true })).privateKey);
  pem = await exportPKCS8(rsa.privateKey);
});

/** The TypeError `describeKeyMaterial` throws for `key`, whose message must hold `rule`. */
const refusal = (key: unknown, rule: string) => {
  const make = () => describeKeyMaterial(key, 'decryption.keys[0]');
  expect(make).toThrow(TypeError);
  expect(make).toThrow(`jwt-guard: option "decryption.keys[0]" ${rule}`);
};

describe('JWKs', () => {
  it.each(['decrypt', 'unwrapKey', 'deriveBits', 'deriveKey'])(
    'accept key_ops that allow %s',
    (op) => {
      expect(describeKeyMaterial({ ...ecJwk, key_ops: ['verify', op] }, 'k').family).toBe('EC');
    },
  );

  it('refuse key_ops that allow no decryption, or that are not a list', () => {
    refusal(
      { ...ecJwk, key_ops: ['sign', 'verify'] },
      'is a JWK whose "key_ops" allow no decryption',
    );
    refusal({ ...ecJwk, key_ops: [] }, 'is a JWK whose "key_ops" allow no decryption');
    refusal({ ...ecJwk, key_ops: 'decrypt' }, 'is a JWK whose "key_ops" allow no decryption');
  });

  it('accept use "enc" and refuse any other use', () => {
    expect(describeKeyMaterial({ ...rsaJwk, use: 'enc' }, 'k').family).toBe('RSA');
    refusal({ ...rsaJwk, use: 'sig' }, 'is a JWK whose "use" is not "enc"');
    refusal({ ...rsaJwk, use: '' }, 'is a JWK whose "use" is not "enc"');
  });

  it('keep only what WebCrypto imports, and the JWK’s own kid and alg beside it', () => {
    const jwk = {
      ...ecJwk,
      kid: 'e1',
      alg: 'ECDH-ES',
      use: 'enc',
      key_ops: ['deriveBits'],
      ext: true,
    };
    const read = describeKeyMaterial(jwk, 'k');
    expect(read).toMatchObject({ family: 'EC', kid: 'e1', alg: 'ECDH-ES' });
    expect(Object.keys(read.material as object).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);
  });

  it('measure a secret in bits, and refuse one without k', () => {
    const k = Buffer.alloc(24, 1).toString('base64url');
    expect(describeKeyMaterial({ kty: 'oct', k }, 'k')).toMatchObject({ family: 'oct', bits: 192 });
    refusal({ kty: 'oct' }, 'is an "oct" JWK without "k"');
    refusal({ kty: 'oct', k: '' }, 'is an "oct" JWK without "k"');
  });

  it.each([
    ['EC P-384', { crv: 'P-384' }],
    ['EC P-521', { crv: 'P-521' }],
  ])('accept %s', (_name, over) => {
    expect(describeKeyMaterial({ ...ecJwk, ...over }, 'k').family).toBe('EC');
  });

  it('accept X25519, refuse other OKP curves and other key types', () => {
    const x = { kty: 'OKP', crv: 'X25519', x: 'a', d: 'b' };
    expect(describeKeyMaterial(x, 'k').family).toBe('EC');
    const rule = 'is a JWK of a key type or curve no JWE algorithm uses';
    refusal({ ...x, crv: 'Ed25519' }, rule);
    refusal({ ...x, crv: 'P-256' }, rule);
    refusal({ ...ecJwk, crv: 'X25519' }, rule);
    refusal({ ...ecJwk, kty: 'DSA' }, rule);
  });

  it('refuse a public JWK, saying the private key is needed', () => {
    const { d: _d, ...publicJwk } = ecJwk;
    refusal(publicJwk, 'is a public JWK; decryption needs the private key (with "d")');
  });
});

describe('CryptoKeys', () => {
  it('refuse one without the usage its algorithm decrypts with', async () => {
    const rsa = await crypto.subtle.generateKey(
      {
        name: 'RSA-OAEP',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['encrypt', 'unwrapKey'],
    );
    refusal(rsa.privateKey, 'is a CryptoKey without the "decrypt" usage');
    const ecdh = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
      'deriveKey',
    ]);
    refusal(ecdh.privateKey, 'is a CryptoKey without the "deriveBits" usage');
    const gcm = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
      'encrypt',
    ]);
    refusal(gcm, 'is a CryptoKey without the "decrypt" usage');
    const kw = await crypto.subtle.generateKey({ name: 'AES-KW', length: 128 }, true, ['wrapKey']);
    refusal(kw, 'is a CryptoKey without the "unwrapKey" usage');
  });

  it('read each family with what fixes its algorithms', async () => {
    const rsa = await generateKeyPair('RSA-OAEP-384', { extractable: true });
    expect(describeKeyMaterial(rsa.privateKey, 'k')).toMatchObject({
      family: 'RSA',
      hash: 'SHA-384',
    });
    const x = await generateKeyPair('ECDH-ES', { crv: 'X25519', extractable: true });
    expect(describeKeyMaterial(x.privateKey, 'k').family).toBe('EC');
    const kw = await crypto.subtle.generateKey({ name: 'AES-KW', length: 192 }, true, [
      'unwrapKey',
    ]);
    expect(describeKeyMaterial(kw, 'k')).toMatchObject({
      family: 'oct',
      bits: 192,
      subtle: 'AES-KW',
    });
    const gcm = await generateSecret('A128GCM', { extractable: true });
    expect(describeKeyMaterial(gcm, 'k')).toMatchObject({
      family: 'oct',
      bits: 128,
      subtle: 'AES-GCM',
    });
  });

  it('refuse public halves and algorithms no JWE uses, naming them', async () => {
    const rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    refusal(rsa.publicKey, 'is a public key; decryption needs the private key');
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
    refusal(hmac, 'is a CryptoKey for HMAC, which no JWE algorithm uses');
  });
});

describe('KeyObjects and PEM', () => {
  it('read a private KeyObject through its JWK, and refuse one of a type with no JWK', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(describeKeyMaterial(privateKey, 'k').family).toBe('EC');
    const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
    refusal(dsa.privateKey, 'is a KeyObject of a type no JWE algorithm uses');
    refusal(dsa.publicKey, 'is a public key; decryption needs the private key');
  });

  it('take a PKCS#8 PEM as it is, around whitespace; its type comes at import', () => {
    expect(describeKeyMaterial(`\n ${pem}\n`, 'k')).toEqual({
      material: pem.trim(),
      family: undefined,
    });
  });

  it('tell a public PEM from a PEM of another private format', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const publicRule = 'is a public key; decryption needs the private key';
    refusal(publicKey.export({ format: 'pem', type: 'spki' }), publicRule);
    refusal(publicKey.export({ format: 'pem', type: 'pkcs1' }), publicRule);
    refusal('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', publicRule);
    refusal(
      privateKey.export({ format: 'pem', type: 'pkcs1' }),
      'must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), unencrypted',
    );
  });

  it('refuse anything else, listing the forms a key may take', () => {
    for (const value of [42, null, [], {}, () => 1]) {
      refusal(value, 'must be a CryptoKey, a KeyObject, a private JWK or a PKCS#8 PEM string');
    }
  });
});
