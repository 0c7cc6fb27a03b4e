import { createMemoryStore } from '@jwt-guard/core/store';
import { compactDecrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { RING_KEY } from '../src/key-ring-store.js';
import { deriveSealKey, openPrivateJwk, sealPrivateJwk } from '../src/key-seal.js';
import { issuerOn, SECRET } from './helpers.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('private keys in the store', () => {
  it('are never readable from the store without the secret', async () => {
    const store = createMemoryStore();
    const tokens = issuerOn(store);
    await tokens.issue({ sub: 'alice' });
    const raw = (await store.get(RING_KEY))!;
    const ring = JSON.parse(raw);
    const sealKey = await deriveSealKey(bytes(SECRET));
    for (const key of ring.keys) {
      expect(key.publicJwk).not.toHaveProperty('d');
      const privateJwk = await openPrivateJwk(key.sealedPrivateJwk, key.kid, sealKey);
      expect(typeof privateJwk.d).toBe('string');
      expect(raw).not.toContain(privateJwk.d);
      const otherKey = await deriveSealKey(bytes('another-secret-of-at-least-32-bytes!!'));
      await expect(compactDecrypt(key.sealedPrivateJwk, otherKey)).rejects.toMatchObject({
        code: 'ERR_JWE_DECRYPTION_FAILED',
      });
    }
  });

  it('an issuer with another secret on the same store cannot sign', async () => {
    const store = createMemoryStore();
    await issuerOn(store).jwks();
    const intruder = issuerOn(store, {
      keys: { encryptionSecret: 'another-secret-of-at-least-32-bytes!!', schedule: false },
    });
    await expect(intruder.issue({ sub: 'mallory' })).rejects.toMatchObject({
      code: 'ERR_JWE_DECRYPTION_FAILED',
    });
  });

  it('a sealed key opens only under its own kid', async () => {
    const sealKey = await deriveSealKey(bytes(SECRET));
    const sealed = await sealPrivateJwk({ kty: 'EC', d: 'secret-part' }, 'k1', sealKey);
    expect(await openPrivateJwk(sealed, 'k1', sealKey)).toEqual({ kty: 'EC', d: 'secret-part' });
    await expect(openPrivateJwk(sealed, 'k2', sealKey)).rejects.toBeInstanceOf(TypeError);
  });
});
