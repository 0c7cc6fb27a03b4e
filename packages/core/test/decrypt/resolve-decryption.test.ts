/** Decryption options at start-up: every mistake is a TypeError naming the option. */
import { generateKeyPairSync } from 'node:crypto';
import {
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  generateSecret,
  type JWK,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS,
  DEFAULT_KEY_MANAGEMENT_ALGORITHMS,
  resolveDecryption,
} from '../../src/decrypt/index.js';

let rsa: CryptoKeyPair;
let ec: CryptoKeyPair;
let rsaJwk: JWK;
let ecJwk: JWK;
let rsaPem: string;

beforeAll(async () => {
  rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  ec = await generateKeyPair('ECDH-ES', { extractable: true });
  rsaJwk = await exportJWK(rsa.privateKey);
  ecJwk = await exportJWK(ec.privateKey);
  rsaPem = await exportPKCS8(rsa.privateKey);
});

/** Expects a TypeError whose message names `option`, and never quotes key material. */
const refused = (options: unknown, option: string) => {
  let thrown: unknown;
  try {
    resolveDecryption(options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TypeError);
  const { message } = thrown as TypeError;
  expect(message).toContain(`"${option}`);
  for (const secret of [rsaJwk.d, ecJwk.d, rsaPem.slice(40, 80)])
    expect(message).not.toContain(secret);
};

describe('defaults', () => {
  it('are exactly RSA-OAEP-256, ECDH-ES (with or without AES key wrap), dir; and AES-GCM', () => {
    expect(DEFAULT_KEY_MANAGEMENT_ALGORITHMS).toEqual([
      'RSA-OAEP-256',
      'ECDH-ES',
      'ECDH-ES+A128KW',
      'ECDH-ES+A192KW',
      'ECDH-ES+A256KW',
      'dir',
    ]);
    expect(DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS).toEqual(['A128GCM', 'A192GCM', 'A256GCM']);
    expect(Object.isFrozen(DEFAULT_KEY_MANAGEMENT_ALGORITHMS)).toBe(true);
  });

  it('fill in the allowlists, and each key serves the allowed algorithms it fits', () => {
    const resolved = resolveDecryption({ keys: [rsaJwk, ecJwk] });
    expect(resolved.keyManagementAlgorithms).toBe(DEFAULT_KEY_MANAGEMENT_ALGORITHMS);
    expect(resolved.keys.map((key) => key.algorithms)).toEqual([
      ['RSA-OAEP-256'],
      ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'],
    ]);
  });

  it('never mutates or freezes the caller’s objects', () => {
    const options = { keys: [{ ...ecJwk, kid: 'a' }] };
    resolveDecryption(options);
    expect(Object.isFrozen(options.keys[0])).toBe(false);
    expect(options.keys[0]).toEqual({ ...ecJwk, kid: 'a' });
  });
});

describe('the keys', () => {
  it('are required, and at least one', () => {
    refused(undefined, 'decryption');
    refused({}, 'decryption.keys');
    refused({ keys: [] }, 'decryption.keys');
    refused({ keys: null }, 'decryption.keys');
  });

  it('refuse public halves in every form', async () => {
    const { d: _d, ...publicJwk } = rsaJwk;
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    refused({ keys: publicJwk }, 'decryption.keys');
    refused({ keys: [ecJwk, { ...ecJwk, d: undefined }] }, 'decryption.keys[1]');
    refused({ keys: rsa.publicKey }, 'decryption.keys');
    refused({ keys: publicKey }, 'decryption.keys');
    refused({ keys: await exportSPKI(rsa.publicKey) }, 'decryption.keys');
    refused({ keys: [{ kid: 'a', key: publicJwk }] }, 'decryption.keys[0].key');
  });

  it('refuse PEM other than an unencrypted PKCS#8 private key, at once', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ format: 'pem', type: 'pkcs1' }) as string;
    const sec1 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'pem',
      type: 'sec1',
    }) as string;
    refused({ keys: pkcs1 }, 'decryption.keys');
    refused({ keys: sec1 }, 'decryption.keys');
    refused({ keys: 'not a key' }, 'decryption.keys');
    refused({ keys: '' }, 'decryption.keys');
  });

  it('refuse signing keys and other key types', async () => {
    const signing = await generateKeyPair('ES256', { extractable: true });
    const ed = await exportJWK(
      (await generateKeyPair('Ed25519', { extractable: true })).privateKey,
    );
    refused({ keys: signing.privateKey }, 'decryption.keys');
    refused({ keys: ed }, 'decryption.keys');
    refused({ keys: { ...ecJwk, use: 'sig' } }, 'decryption.keys');
    refused({ keys: { ...ecJwk, key_ops: ['sign'] } }, 'decryption.keys');
    refused({ keys: { ...ecJwk, crv: 'secp256k1' } }, 'decryption.keys');
    refused({ keys: 42 }, 'decryption.keys');
    refused({ keys: [{}] }, 'decryption.keys[0]');
  });

  it('refuse an RSA key under 2048 bits given as a CryptoKey', async () => {
    const weak = await crypto.subtle.generateKey(
      {
        name: 'RSA-OAEP',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      false,
      ['decrypt'],
    );
    refused({ keys: weak.privateKey }, 'decryption.keys');
  });

  it('refuse a key that fits no allowed algorithm', async () => {
    refused({ keys: rsaJwk, keyManagementAlgorithms: ['ECDH-ES'] }, 'decryption.keys');
    refused({ keys: rsaPem, keyManagementAlgorithms: ['dir'] }, 'decryption.keys');
    refused({ keys: { kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' } }, 'decryption.keys'); // 20 bytes
    const secret256 = await generateSecret('A256GCM', { extractable: true });
    refused({ keys: secret256, contentEncryptionAlgorithms: ['A128GCM'] }, 'decryption.keys');
    // An RSA-OAEP (SHA-1) CryptoKey cannot serve RSA-OAEP-256.
    const sha1 = await generateKeyPair('RSA-OAEP', { extractable: true });
    refused({ keys: sha1.privateKey }, 'decryption.keys');
  });

  it('refuse an alg the allowlist lacks or the key cannot serve, and conflicting members', () => {
    refused({ keys: { ...rsaJwk, alg: 'RSA-OAEP' } }, 'decryption.keys');
    refused({ keys: { ...rsaJwk, alg: 'RSA1_5' } }, 'decryption.keys');
    refused({ keys: [{ key: ecJwk, alg: 'RSA-OAEP-256' }] }, 'decryption.keys[0]');
    refused({ keys: [{ key: { ...ecJwk, kid: 'a' }, kid: 'b' }] }, 'decryption.keys[0]');
    refused({ keys: [{ key: ecJwk, kid: 7 }] }, 'decryption.keys[0].kid');
    refused({ keys: [{ key: ecJwk, kid: '' }] }, 'decryption.keys[0].kid');
  });

  it('refuse two keys under one kid', () => {
    refused(
      {
        keys: [
          { ...rsaJwk, kid: 'k' },
          { kid: 'k', key: ecJwk },
        ],
      },
      'decryption.keys[1]',
    );
  });

  it('accept every kind of input', async () => {
    const secret = await generateSecret('A128GCM', { extractable: true });
    const { privateKey } = generateKeyPairSync('x25519');
    const resolved = resolveDecryption({
      keys: [rsa.privateKey, privateKey, rsaJwk, rsaPem, { kid: 'w', key: ecJwk }, secret],
    });
    expect(resolved.keys.map((key) => key.kid)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'w',
      undefined,
    ]);
    expect(resolved.keys[5]!.algorithms).toEqual(['dir']);
  });
});

describe('the allowlists', () => {
  it.each([
    ['keyManagementAlgorithms', ['RSA1_5']],
    ['keyManagementAlgorithms', ['RSA-OAEP-256', 'PBES2-HS256+A128KW']],
    ['keyManagementAlgorithms', ['PBES2-HS512+A256KW']],
    ['keyManagementAlgorithms', ['none']],
    ['keyManagementAlgorithms', ['rsa-oaep-256']],
    ['keyManagementAlgorithms', ['A256GCM']],
    ['keyManagementAlgorithms', []],
    ['keyManagementAlgorithms', 'RSA-OAEP-256'],
    ['keyManagementAlgorithms', [1]],
    ['contentEncryptionAlgorithms', ['A256CTR']],
    ['contentEncryptionAlgorithms', ['dir']],
    ['contentEncryptionAlgorithms', []],
  ])('refuse %s: %j', (option, value) => {
    refused({ keys: ecJwk, [option]: value }, `decryption.${option}`);
  });

  it('accept the other algorithms jose implements, when listed', () => {
    const resolved = resolveDecryption({
      keys: [{ kty: 'oct', k: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      keyManagementAlgorithms: ['A128KW', 'A128GCMKW', 'RSA-OAEP', 'dir'],
      contentEncryptionAlgorithms: ['A128GCM', 'A128CBC-HS256', 'A256CBC-HS512'],
    });
    expect(resolved.keys[0]!.algorithms).toEqual(['A128KW', 'A128GCMKW', 'dir']);
  });
});
