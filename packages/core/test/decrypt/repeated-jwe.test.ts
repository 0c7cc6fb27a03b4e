/**
 * A repeated encrypted token is answered from the token cache: the decrypt path (WebCrypto's
 * `decrypt`, which both the key unwrap and the content decryption go through) is entered for
 * the first sight of a JWE only, on `verify()` as on `reuse()`, for RSA-OAEP and ECDH-ES.
 */
import {
  createTestIssuer,
  encryptToken,
  generateEncryptionKey,
  type TestIssuer,
} from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createVerifier } from '../../src/index.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await issuer?.close();
});

describe('a JWE seen before', () => {
  it.each(['RSA-OAEP-256', 'ECDH-ES'] as const)('%s: is not decrypted again', async (alg) => {
    const key = await generateEncryptionKey(alg);
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      decryption: { keys: [key.privateJwk] },
    });
    const jwe = await encryptToken(await issuer.mint(), { key: key.publicJwk });
    const decrypts = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    try {
      const first = await verifier.verify(jwe);
      const entered = decrypts.mock.calls.length;
      expect(entered).toBeGreaterThan(0);

      const again = await verifier.verify(jwe);
      expect(again.payload).toEqual(first.payload);
      expect((await verifier.reuse(jwe))?.payload).toEqual(first.payload);
      expect(decrypts.mock.calls.length).toBe(entered);

      // Another JWE is a first sight: decrypted.
      const other = await encryptToken(await issuer.mint(), { key: key.publicJwk });
      await verifier.verify(other);
      expect(decrypts.mock.calls.length).toBeGreaterThan(entered);
    } finally {
      decrypts.mockRestore();
    }
  });
});
