/**
 * The Node signature path: it hands over to jose for good when the runtime's node:crypto
 * cannot serve, and makes its own choices of thread, key and refusal.
 */
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeySource } from '../../../src/keys/key-source.js';
import { createKeySource } from '../../../src/keys/key-source.js';
import type { NodeCrypto } from '../../../src/signature/node/node-crypto.js';
import { createNodeSignedTokenVerifier } from '../../../src/signature/node/verify-signed-token-node.js';
import type { VerifySignedToken } from '../../../src/signature/signed-token.js';
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

/**
 * The Node signature path's own choices, observed through the `node:crypto` it is given:
 * a lone verification is synchronous, concurrent ones go to the thread pool; a key the
 * source can hand over at once is not fetched; a bad signature and a malformed token are
 * refused before or without jose.
 */
describe("the Node signature path's own choices", () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer({ algorithms: ['ES256'] });
  });
  afterAll(() => issuer.close());

  const real = process.getBuiltinModule('node:crypto') as unknown as NodeCrypto;

  /** The Node path over the issuer's keys, a counting `node:crypto`, and a fallback that must not run. */
  function nodePath(wrap: (source: KeySource) => KeySource = (source) => source) {
    const options = resolveVerifierOptions({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUri: issuer.jwksUri,
    });
    const keySource = wrap(
      createKeySource({ ...options.jwks, ...options, issuer: issuer.issuer, now: Date.now }),
    );
    const calls = { sync: 0, pooled: 0, fallback: 0 };
    const counting: NodeCrypto = {
      KeyObject: real.KeyObject,
      constants: real.constants,
      verify: (
        alg,
        data,
        key,
        signature,
        callback?: (error: Error | null, ok: boolean) => void,
      ) => {
        if (callback) {
          calls.pooled += 1;
          return real.verify(alg, data, key, signature, callback);
        }
        calls.sync += 1;
        return real.verify(alg, data, key, signature);
      },
    };
    const fallback: VerifySignedToken = async () => {
      calls.fallback += 1;
      throw new Error('the Node path handed over');
    };
    const verify = createNodeSignedTokenVerifier(options.rules, keySource, counting, fallback);
    return { verify, calls };
  }

  describe('the Node signature path', () => {
    it('verifies a lone token synchronously, and concurrent ones in the thread pool', async () => {
      const { verify, calls } = nodePath();
      const token = await issuer.mint();
      await verify(token, Date.now());
      await verify(token, Date.now());
      expect(calls).toEqual({ sync: 2, pooled: 0, fallback: 0 });
      const results = await Promise.all(Array.from({ length: 4 }, () => verify(token, Date.now())));
      expect(results.every((r) => r.payload.sub === 'user-123')).toBe(true);
      expect(calls.pooled).toBeGreaterThan(0);
      expect(calls.fallback).toBe(0);
    });

    it('takes the key the source can give at once, without getKey', async () => {
      let getKeys = 0;
      const warm = nodePath((source) => ({
        ...source,
        getKey: (header, context) => {
          getKeys += 1;
          return source.getKey(header, context);
        },
        peekKey: source.peekKey?.bind(source),
      }));
      const token = await issuer.mint();
      await warm.verify(token, Date.now());
      await warm.verify(token, Date.now());
      expect(getKeys).toBe(1);
    });

    it('refuses a bad signature, and a token without its segments, on its own', async () => {
      const { verify, calls } = nodePath();
      const [h, p] = (await issuer.mint()).split('.');
      await expect(verify(`${h}.${p}.${'A'.repeat(86)}`, Date.now())).rejects.toMatchObject({
        code: 'ERR_SIGNATURE_INVALID',
      });
      for (const malformed of [
        `${h}`,
        `${h}.${p}`,
        `${h}.${p}.`,
        `${h}.${p}.@@`,
        `${h}.%%.${'A'.repeat(86)}`,
      ]) {
        await expect(verify(malformed, Date.now())).rejects.toMatchObject({
          code: 'ERR_TOKEN_MALFORMED',
        });
      }
      expect(calls.fallback).toBe(0);
    });
  });
});
