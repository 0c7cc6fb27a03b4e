import { compactVerify, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadNodeCrypto } from '../src/node-signer.js';
import { createSigner } from '../src/sign.js';

describe('signing', () => {
  it('finds node:crypto on Node', () => {
    expect(loadNodeCrypto()).toBeDefined();
  });

  it.each(['ES256', 'RS256', 'PS256', 'EdDSA'] as const)(
    '%s signatures from node:crypto and from jose both verify with the public key',
    async (alg) => {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(privateKey);
      for (const nodeCrypto of [true, false]) {
        const signer = await createSigner(alg, jwk, 'k1', nodeCrypto);
        const jws = await signer.sign({ sub: 'alice' }, 'at+jwt');
        expect(decodeProtectedHeader(jws)).toEqual({ alg, kid: 'k1', typ: 'at+jwt' });
        const { payload } = await compactVerify(
          jws,
          await importJWK(await exportJWK(publicKey), alg),
        );
        expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ sub: 'alice' });
      }
    },
  );

  it('signs claims outside ASCII byte for byte: the payload is UTF-8 before base64url', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const signer = await createSigner('ES256', await exportJWK(privateKey), 'k1');
    const claims = { sub: 'ünïcödé', name: 'Zoë 🔑', note: '\u2028 "quoted" \\' };
    const jws = await signer.sign(claims, 'at+jwt');
    expect(jws).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const { payload } = await compactVerify(jws, publicKey);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
  });
});
