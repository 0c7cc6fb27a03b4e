/** Encrypted tokens as users of the testing package make them. */
import { generateKeyPairSync } from 'node:crypto';
import { compactDecrypt, decodeProtectedHeader, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { encryptToken, generateEncryptionKey } from '../src/index.js';

const jws = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2ln';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('generateEncryptionKey', () => {
  it.each([
    ['RSA-OAEP-256', 'RSA'],
    ['ECDH-ES', 'EC'],
    ['ECDH-ES+A128KW', 'EC'],
    ['ECDH-ES+A256KW', 'EC'],
    ['dir', 'oct'],
  ] as const)('makes an extractable %s key, both JWKs with kid, alg and use', async (alg, kty) => {
    const key = await generateEncryptionKey(alg);
    expect(key.kid).toMatch(/^enc-[0-9a-f]{8}$/);
    for (const jwk of [key.publicJwk, key.privateJwk]) {
      expect(jwk).toMatchObject({ kty, kid: key.kid, alg, use: 'enc' });
    }
    expect(key.privateKey.extractable).toBe(true);
    if (kty !== 'oct') {
      expect(key.publicJwk).not.toHaveProperty('d');
      expect(key.privateJwk).toHaveProperty('d');
    }
  });

  it('takes a kid, a curve, and the enc a dir secret is for', async () => {
    const x25519 = await generateEncryptionKey('ECDH-ES', { kid: 'mine', crv: 'X25519' });
    expect(x25519.publicJwk).toMatchObject({ kty: 'OKP', crv: 'X25519', kid: 'mine' });
    const dir = await generateEncryptionKey('dir', { enc: 'A128GCM' });
    expect(Buffer.from(dir.privateJwk.k!, 'base64url')).toHaveLength(16);
  });
});

describe('encryptToken', () => {
  it('wraps a signed token in a compact JWE with cty JWT, for every key type and form', async () => {
    for (const alg of ['RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A256KW', 'dir'] as const) {
      const key = await generateEncryptionKey(alg);
      for (const to of [key.publicJwk, key.publicKey]) {
        const token = await encryptToken(jws, { key: to });
        expect(token.split('.')).toHaveLength(5);
        const header = decodeProtectedHeader(token);
        // A CryptoKey does not say which ECDH-ES variant it is for: the default is ECDH-ES.
        const expected = to === key.publicJwk || alg !== 'ECDH-ES+A256KW' ? alg : 'ECDH-ES';
        expect(header).toMatchObject({ alg: expected, enc: 'A256GCM', cty: 'JWT' });
        expect(header.kid).toBe(to === key.publicJwk ? key.kid : undefined);
        expect(text((await compactDecrypt(token, key.privateKey)).plaintext)).toBe(jws);
      }
    }
  });

  it('accepts a KeyObject, and a private JWK (using its public members)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await encryptToken(jws, { key: publicKey, kid: 'ko' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ECDH-ES', kid: 'ko' });
    expect(text((await compactDecrypt(token, privateKey)).plaintext)).toBe(jws);
    const key = await generateEncryptionKey('RSA-OAEP-256');
    const fromPrivate = await encryptToken(jws, { key: key.privateJwk });
    expect(text((await compactDecrypt(fromPrivate, key.privateKey)).plaintext)).toBe(jws);
  });

  it('never freezes or changes the caller’s JWK', async () => {
    const key = await generateEncryptionKey('ECDH-ES');
    const jwk: JWK = { ...key.publicJwk };
    await encryptToken(jws, { key: jwk });
    expect(Object.isFrozen(jwk)).toBe(false);
    expect(jwk).toEqual(key.publicJwk);
  });

  it('lets negative tests set alg, enc and any header field', async () => {
    const key = await generateEncryptionKey('ECDH-ES');
    const token = await encryptToken(jws, {
      key: key.publicJwk,
      alg: 'ECDH-ES',
      enc: 'A128CBC-HS256',
      header: { cty: 'json', kid: undefined, zip: 'DEF', crit: ['x'], x: 1 },
    });
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ enc: 'A128CBC-HS256', cty: 'json', zip: 'DEF', crit: ['x'] });
    expect(header).not.toHaveProperty('kid');
    const { plaintext } = await compactDecrypt(token, key.privateKey, { crit: { x: true } });
    expect(text(plaintext)).toBe(jws);
    const bare = await encryptToken(jws, { key: key.publicKey, header: { cty: undefined } });
    expect(decodeProtectedHeader(bare)).not.toHaveProperty('cty');
  });
});
