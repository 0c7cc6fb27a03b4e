/** Importing configured decryption keys: one jose key per algorithm served, imported once. */
import { exportJWK, exportPKCS8, generateKeyPair, generateSecret } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDecryptionKey } from '../../src/decrypt/import-keys.js';
import { resolveDecryption } from '../../src/decrypt/resolve-decryption.js';

type Pair = { publicKey: CryptoKey; privateKey: CryptoKey };
let rsa: Pair;
let ec: Pair;

beforeAll(async () => {
  rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  ec = await generateKeyPair('ECDH-ES', { extractable: true });
});

const RSA_AND_EC = ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A256KW'];

/** The imported key of the one configured key `key`, under `algorithms`. */
const imported = (key: unknown, keyManagementAlgorithms = RSA_AND_EC, extra: object = {}) =>
  importDecryptionKey(resolveDecryption({ keys: key, keyManagementAlgorithms, ...extra }).keys[0]!);

/** What `promise` rejected with, as the TypeError it must be. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as TypeError,
  );

const hashOf = (key: unknown) =>
  (key as { algorithm: { hash?: { name: string } } }).algorithm.hash?.name;

describe('importDecryptionKey', () => {
  it('imports an RSA PEM under its own family only, one CryptoKey per RSA-OAEP hash', async () => {
    const usable = await imported(await exportPKCS8(rsa.privateKey));
    expect([...usable.byAlgorithm.keys()]).toEqual(['RSA-OAEP', 'RSA-OAEP-256']);
    expect(hashOf(usable.byAlgorithm.get('RSA-OAEP'))).toBe('SHA-1');
    expect(hashOf(usable.byAlgorithm.get('RSA-OAEP-256'))).toBe('SHA-256');
  });

  it('imports an EC PEM once for every ECDH algorithm (the curve comes from the key)', async () => {
    const usable = await imported(await exportPKCS8(ec.privateKey));
    expect([...usable.byAlgorithm.keys()]).toEqual(['ECDH-ES', 'ECDH-ES+A256KW']);
    expect(new Set(usable.byAlgorithm.values()).size).toBe(1);
  });

  it('imports a JWK the same way: per hash for RSA, once for ECDH', async () => {
    const fromRsa = await imported(await exportJWK(rsa.privateKey));
    expect(new Set(fromRsa.byAlgorithm.values()).size).toBe(2);
    const fromEc = await imported(await exportJWK(ec.privateKey));
    expect(new Set(fromEc.byAlgorithm.values()).size).toBe(1);
  });

  it('keeps a CryptoKey as it is, and a secret JWK as its bytes', async () => {
    const secret = await generateSecret('A256GCM', { extractable: true });
    const usable = await imported({ kid: 's', key: secret }, ['dir']);
    expect(usable.byAlgorithm.get('dir')).toBe(secret);
    expect(usable).toMatchObject({ kid: 's', bits: 256, enc: undefined });
    const bytes = new Uint8Array(32).fill(9);
    const jwk = { kty: 'oct', k: Buffer.from(bytes).toString('base64url'), alg: 'A256GCM' };
    const raw = await imported(jwk, ['dir']);
    expect(raw.byAlgorithm.get('dir')).toEqual(bytes);
    expect(raw).toMatchObject({ bits: 256, enc: 'A256GCM' });
  });

  it('refuses a PEM of a family no allowed algorithm has, keeping why as cause', async () => {
    const error = await rejection(imported(await exportPKCS8(rsa.privateKey), ['ECDH-ES']));
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toBe(
      'jwt-guard: option "decryption.keys" is a PEM key that fits no allowed key management algorithm',
    );
    expect(error?.cause).toBeInstanceOf(Error);
  });

  it('refuses a JWK jose cannot import, keeping its error as cause', async () => {
    const jwk = { ...(await exportJWK(ec.privateKey)), x: 'AAAA' };
    const error = await rejection(imported(jwk));
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toBe('jwt-guard: option "decryption.keys" could not be imported');
    expect(error?.cause).toBeInstanceOf(Error);
  });
});
