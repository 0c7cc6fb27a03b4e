/**
 * ECDSA signatures are malleable: (r, n − s) verifies as well as (r, s), so an ES256 token
 * has two spellings. Both are accepted (standard signers produce high-S), nothing treats
 * the token string as an identity, and a deny list keyed on `jti` refuses both.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { codeOf } from '../outcome.js';

const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

function otherSpelling(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(signature, 'base64url');
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
  const flipped = Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex');
  return `${header}.${payload}.${Buffer.concat([bytes.subarray(0, 32), flipped]).toString('base64url')}`;
}

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

describe.each([true, false])('ECDSA malleability (nodeCrypto: %s)', (nodeCrypto) => {
  it('verifies both spellings, each on its own, and a jti deny list refuses both', async () => {
    const denied = new Set<string>();
    const verifier = createVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      nodeCrypto,
      isRevoked: (payload) => denied.has(payload.jti as string),
    });
    const token = await issuer.mint({ claims: { jti: `jti-${nodeCrypto}` } });
    const twin = otherSpelling(token);
    expect(twin).not.toBe(token);
    expect((await verifier.verify(token)).token).toBe(token);
    expect((await verifier.verify(twin)).token).toBe(twin);
    // A forged twin of a cached token is not answered from the cache: a changed byte of
    // the second spelling's signature is refused.
    const broken = `${twin.slice(0, -2)}${twin.endsWith('AA') ? 'AQ' : 'AA'}`;
    expect(await codeOf(verifier.verify(broken))).toMatch(
      /ERR_SIGNATURE_INVALID|ERR_TOKEN_MALFORMED/,
    );
    denied.add(`jti-${nodeCrypto}`);
    expect(await codeOf(verifier.verify(token))).toBe('ERR_TOKEN_REVOKED');
    expect(await codeOf(verifier.verify(twin))).toBe('ERR_TOKEN_REVOKED');
  });
});
