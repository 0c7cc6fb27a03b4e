/** The Node path hands over to jose for good when the runtime's node:crypto cannot serve. */
import { createTestIssuer } from '@jwt-guard/testing';
import { describe, expect, it } from 'vitest';
import { createKeySource } from '../../../src/keys/key-source.js';
import type { NodeCrypto } from '../../../src/signature/node/node-crypto.js';
import { createNodeSignedTokenVerifier } from '../../../src/signature/node/verify-signed-token-node.js';
import { createSignedTokenVerifier } from '../../../src/signature/verify-signed-token.js';
import { resolveVerifierOptions } from '../../../src/verify/resolve-verifier-options.js';

describe('node:crypto path fallback', () => {
  it('lets jose decide, and stays with jose, when verify throws (workerd nodejs_compat)', async () => {
    const issuer = await createTestIssuer();
    const options = resolveVerifierOptions({ issuer: issuer.issuer, audience: issuer.audience });
    const keySource = createKeySource({
      ...options.jwks,
      ...options,
      issuer: issuer.issuer,
      now: Date.now,
    });
    const real = process.getBuiltinModule('node:crypto') as unknown as NodeCrypto;
    let throwingCalls = 0;
    const refusing: NodeCrypto = {
      ...real,
      KeyObject: real.KeyObject,
      constants: real.constants,
      verify: () => {
        throwingCalls += 1;
        throw Object.assign(new TypeError('options.key must be a string'), {
          code: 'ERR_INVALID_ARG_TYPE',
        });
      },
    };
    const viaJose = createSignedTokenVerifier(options.rules, keySource);
    const verify = createNodeSignedTokenVerifier(options.rules, keySource, refusing, viaJose);
    const token = await issuer.mint();
    await expect(verify(token, Date.now())).resolves.toMatchObject({
      payload: { sub: 'user-123' },
    });
    const [h, p] = token.split('.');
    await expect(verify(`${h}.${p}.${'A'.repeat(342)}`, Date.now())).rejects.toMatchObject({
      code: 'ERR_SIGNATURE_INVALID',
    });
    await expect(verify(await issuer.mint({ alg: 'ES256' }), Date.now())).resolves.toBeTruthy();
    expect(throwingCalls).toBe(1);
    await issuer.close();
  });
});
