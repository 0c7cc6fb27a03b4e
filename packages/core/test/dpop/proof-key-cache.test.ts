/**
 * A proof verifier imports a client's key and hashes its thumbprint once, not per proof,
 * and the cache never stands in for a check: a `jwk` that differs in any member from one
 * already accepted is imported and checked again, and a refused one is refused every time.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDpopProofVerifier, resolveDpopOptions } from '../../src/dpop/index.js';
import { createProofKeyCache } from '../../src/dpop/proof-key-cache.js';
import {
  type ClientKey,
  clientKey,
  expectCode,
  proof,
  proofClaims,
  proofHeader,
  proofRequest as request,
  sign,
} from './proof-kit.js';

const INVALID = 'ERR_DPOP_PROOF_INVALID';

let es256: ClientKey;
let other: ClientKey;
beforeAll(async () => {
  [es256, other] = await Promise.all([clientKey('ES256'), clientKey('ES256')]);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('the proof keys a verifier holds', () => {
  it('imports and hashes a client key once for many proofs, and a new key again', async () => {
    const verify = createDpopProofVerifier(resolveDpopOptions({}));
    const now = Date.now();
    const proofs = await Promise.all([1, 2, 3, 4].map(() => proof(es256, now)));
    const imports = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const digests = vi.spyOn(globalThis.crypto.subtle, 'digest');
    for (const text of proofs) {
      await expect(verify(request(text, now))).resolves.toMatchObject({ jkt: es256.jkt });
    }
    expect(imports).toHaveBeenCalledTimes(1);
    const digestsForOneKey = digests.mock.calls.length;

    await expect(verify(request(await proof(other, now), now))).resolves.toMatchObject({
      jkt: other.jkt,
    });
    expect(imports).toHaveBeenCalledTimes(2);
    expect(digests.mock.calls.length).toBeGreaterThan(digestsForOneKey);
  });

  it('checks again a jwk that differs from an accepted one, and refuses a bad one each time', async () => {
    const verify = createDpopProofVerifier(resolveDpopOptions({}));
    const now = Date.now();
    await expect(verify(request(await proof(es256, now), now))).resolves.toBeDefined();
    const variants: [unknown, 'jwk' | 'signature'][] = [
      [{ ...es256.jwk, use: 'enc' }, 'jwk'],
      [{ ...es256.jwk, alg: 'ES384' }, 'jwk'],
      [{ ...es256.jwk, key_ops: ['sign'] }, 'jwk'],
      [other.jwk, 'signature'],
    ];
    for (const [jwk, reason] of variants) {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const text = await sign({ ...proofHeader(es256), jwk }, await proofClaims(now), es256);
        await expectCode(verify(request(text, now)), INVALID, text, reason);
      }
    }
  });

  it('holds at most its bound, the oldest key going first', async () => {
    const keys = createProofKeyCache(2);
    const third = await clientKey('ES256');
    const imports = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    for (const key of [es256, other, third]) await keys.keyFor(proofHeader(key));
    expect(imports).toHaveBeenCalledTimes(3);
    await keys.keyFor(proofHeader(third));
    await keys.keyFor(proofHeader(other));
    expect(imports).toHaveBeenCalledTimes(3);
    await keys.keyFor(proofHeader(es256));
    expect(imports).toHaveBeenCalledTimes(4);
  });
});
