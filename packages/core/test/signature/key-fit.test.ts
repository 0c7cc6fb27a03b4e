/** Which key may verify which algorithm (RFC 8725 §3.1): asked by both signature paths. */
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFitsAlgorithm } from '../../src/algorithms.js';
import { createKeyFitCheck } from '../../src/signature/signed-token.js';

const { subtle } = webcrypto;
const publicKeyOf = async (algorithm: Parameters<typeof subtle.generateKey>[0]) =>
  ((await subtle.generateKey(algorithm as never, true, ['sign', 'verify'])) as CryptoKeyPair)
    .publicKey as CryptoKey;
const rsa = (name: string, hash: string, modulusLength = 2048) =>
  publicKeyOf({ name, hash, modulusLength, publicExponent: new Uint8Array([1, 0, 1]) } as never);

describe('keyFitsAlgorithm', () => {
  it('matches type, scheme, hash, curve and size', async () => {
    const keys = {
      rs256: await rsa('RSASSA-PKCS1-v1_5', 'SHA-256'),
      rs384: await rsa('RSASSA-PKCS1-v1_5', 'SHA-384'),
      ps256: await rsa('RSA-PSS', 'SHA-256'),
      rs1024: await rsa('RSASSA-PKCS1-v1_5', 'SHA-256', 1024),
      p256: await publicKeyOf({ name: 'ECDSA', namedCurve: 'P-256' } as never),
      p384: await publicKeyOf({ name: 'ECDSA', namedCurve: 'P-384' } as never),
      ed: await publicKeyOf({ name: 'Ed25519' } as never),
    };
    const fits = (alg: string) =>
      Object.entries(keys)
        .filter(([, key]) => keyFitsAlgorithm(key, alg))
        .map(([name]) => name);
    expect(fits('RS256')).toEqual(['rs256']);
    expect(fits('RS384')).toEqual(['rs384']);
    expect(fits('PS256')).toEqual(['ps256']);
    expect(fits('ES256')).toEqual(['p256']);
    expect(fits('ES384')).toEqual(['p384']);
    expect(fits('EdDSA')).toEqual(['ed']);
    expect(fits('Ed25519')).toEqual(['ed']);
    expect(fits('HS256')).toEqual([]);
    expect(fits('none')).toEqual([]);
  });
});

describe('createKeyFitCheck', () => {
  it('refuses a key pinned to another algorithm, a secret for a public-key alg, and the reverse', async () => {
    const rs256 = await rsa('RSASSA-PKCS1-v1_5', 'SHA-256');
    const assertKeyFits = createKeyFitCheck();
    expect(() => assertKeyFits({ key: rs256, alg: 'RS256' }, 'RS256')).not.toThrow();
    expect(() => assertKeyFits({ key: rs256 }, 'RS256')).not.toThrow();
    for (const [lookup, alg] of [
      [{ key: rs256, alg: 'RS384' }, 'RS256'],
      [{ key: rs256 }, 'PS256'],
      [{ key: rs256 }, 'ES256'],
      [{ key: new Uint8Array(32) }, 'RS256'],
      [{ key: rs256 }, 'HS256'],
    ] as const) {
      expect(() => assertKeyFits(lookup, alg)).toThrow(
        expect.objectContaining({ code: 'ERR_KEY_NOT_FOUND' }),
      );
    }
    expect(() => assertKeyFits({ key: new Uint8Array(32) }, 'HS256')).not.toThrow();
  });
});
