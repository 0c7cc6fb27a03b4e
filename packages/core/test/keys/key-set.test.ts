/** Loading a key set: unusable keys are skipped, each key pinned and named by its thumbprint. */
import { generateKeyPairSync } from 'node:crypto';
import { generateTestKey, signRaw } from '@jwt-guard/testing';
import { base64url, calculateJwkThumbprint, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier, type KeySource } from '../../src/index.js';
import { isPointOnCurve } from '../../src/keys/ec-point.js';
import { KeySetError, loadKeySet, selectKey } from '../../src/keys/key-set.js';
import { codeOf } from '../outcome.js';

const publicJwk = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
  key.export({ format: 'jwk' }) as JWK;
const rsa = (bits = 2048) =>
  publicJwk(generateKeyPairSync('rsa', { modulusLength: bits }).publicKey);
const ec = (namedCurve = 'P-256') => publicJwk(generateKeyPairSync('ec', { namedCurve }).publicKey);
const ALL = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

// A y coordinate changed in its last byte: the point is no longer on the curve.
function offCurve(jwk: JWK): JWK {
  const y = Buffer.from(jwk.y as string, 'base64url');
  y[y.length - 1] = (y[y.length - 1] as number) ^ 1;
  return { ...jwk, y: y.toString('base64url') };
}

describe('loadKeySet', () => {
  it('skips every key that cannot be used, and keeps the usable one', async () => {
    const good = { ...ec(), kid: 'good' };
    const set = await loadKeySet(
      {
        keys: [
          { ...offCurve(ec()), kid: 'off-curve' },
          { ...rsa(1024), kid: 'rsa-1024' },
          { ...ec(), kid: 'encrypt-only', key_ops: ['encrypt'] },
          { ...ec(), kid: 'for-encryption', use: 'enc' },
          { ...ec(), kid: 'private', d: 'AAAA' },
          { ...ec(), kid: 'hs-alg', alg: 'HS256' },
          { kty: 'oct', k: 'c2VjcmV0', kid: 'symmetric' },
          { ...ec(), kid: 7 },
          'not a key',
          good,
        ],
      },
      ALL,
    );
    expect(set.keys.map((key) => key.kid)).toEqual(['good']);
    expect([...set.ids]).toEqual([await calculateJwkThumbprint(good, 'sha256')]);
  });

  it.each([
    ['an empty key set', { keys: [] }],
    ['an empty object', {}],
    ['only encryption keys', { keys: [{ ...ec(), use: 'enc' }] }],
    ['only unusable keys', { keys: [{ ...rsa(1024) }, offCurve(ec())] }],
    ['not an object', 'keys'],
    ['null', null],
  ])('refuses %s as a KeySetError', async (_name, json) => {
    await expect(loadKeySet(json, ALL)).rejects.toBeInstanceOf(KeySetError);
  });

  it('pins each key to one algorithm: its alg, its curve, or the first RSA one allowed', async () => {
    const set = await loadKeySet(
      {
        keys: [
          { ...rsa(), kid: 'r' },
          { ...ec('P-384'), kid: 'e' },
          { ...rsa(), kid: 'p', alg: 'PS256' },
        ],
      },
      ALL,
    );
    expect(set.keys.map((key) => [key.kid, key.alg])).toEqual([
      ['r', 'RS256'],
      ['e', 'ES384'],
      ['p', 'PS256'],
    ]);
  });

  it('serves an allowlist naming Ed25519 with a key published as EdDSA, and the reverse', async () => {
    const ed = publicJwk(generateKeyPairSync('ed25519').publicKey);
    const asEd25519 = await loadKeySet({ keys: [{ ...ed, alg: 'EdDSA' }] }, ['Ed25519']);
    expect(asEd25519.keys.map((key) => key.alg)).toEqual(['Ed25519']);
    const asEdDsa = await loadKeySet({ keys: [{ ...ed, alg: 'Ed25519' }] }, ['EdDSA']);
    expect(asEdDsa.keys.map((key) => key.alg)).toEqual(['EdDSA']);
  });
});

describe('selectKey', () => {
  it('finds the key by kid and alg; without kid only when exactly one key fits', async () => {
    const set = await loadKeySet(
      {
        keys: [
          { ...ec(), kid: 'a' },
          { ...ec(), kid: 'b' },
          { ...rsa(), kid: 'c' },
        ],
      },
      ALL,
    );
    expect(selectKey(set, { alg: 'ES256', kid: 'b' })?.kid).toBe('b');
    expect(selectKey(set, { alg: 'RS256', kid: 'b' })).toBeUndefined();
    expect(selectKey(set, { alg: 'ES256', kid: 'z' })).toBeUndefined();
    expect(selectKey(set, { alg: 'RS256' })?.kid).toBe('c');
    expect(selectKey(set, { alg: 'ES256' })).toBeUndefined();
    expect(selectKey(set, { alg: 'PS256', kid: 'c' })).toBeUndefined();
  });

  it('refuses two keys under one kid rather than trying both', async () => {
    const set = await loadKeySet(
      {
        keys: [
          { ...ec(), kid: 'same' },
          { ...ec(), kid: 'same' },
        ],
      },
      ALL,
    );
    expect(set.keys).toHaveLength(2);
    expect(selectKey(set, { alg: 'ES256', kid: 'same' })).toBeUndefined();
  });

  it('names the key material, not the kid: a replaced key under one kid has another id', async () => {
    const first = await loadKeySet({ keys: [{ ...ec(), kid: 'k' }] }, ALL);
    const second = await loadKeySet({ keys: [{ ...ec(), kid: 'k' }] }, ALL);
    expect(first.keys[0]?.id).not.toBe(second.keys[0]?.id);
  });
});

describe('isPointOnCurve', () => {
  it.each(['P-256', 'P-384', 'P-521'])(
    'holds every generated %s point, and no tampered one',
    (crv) => {
      for (let i = 0; i < 5; i += 1) {
        const jwk = ec(crv);
        expect(isPointOnCurve(jwk.crv, jwk.x, jwk.y)).toBe(true);
        const moved = offCurve(jwk);
        expect(isPointOnCurve(moved.crv, moved.x, moved.y)).toBe(false);
        expect(isPointOnCurve(jwk.crv, jwk.x, `${jwk.y}AA`)).toBe(false);
      }
      expect(isPointOnCurve('P-192', 'AA', 'AA')).toBe(false);
    },
  );
});

/**
 * Key set edges: a JWK list with holes (`null`), `key_ops` naming `verify`, the reasons a
 * document is refused, the EC point check on its own (exact coordinate lengths, values
 * below the prime, typed inputs), and the checks a key from a custom source must pass.
 */
describe('key set edges: holes, key_ops, refusals, the EC point check and custom-source keys', () => {
  const ecJwk = (namedCurve = 'P-256') =>
    generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' }) as JWK;

  describe('loadKeySet', () => {
    it('skips null entries and keeps a key whose key_ops name verify', async () => {
      const set = await loadKeySet(
        { keys: [null, { ...ecJwk(), kid: 'a', key_ops: ['verify'] }] },
        ['ES256'],
      );
      expect(set.keys.map((key) => key.kid)).toEqual(['a']);
    });

    it('names why a document cannot serve', async () => {
      const reason = (json: unknown) =>
        loadKeySet(json, ['ES256']).then(
          () => 'resolved',
          (error: unknown) => {
            expect(error).toBeInstanceOf(KeySetError);
            expect((error as Error).name).toBe('KeySetError');
            return (error as Error).message;
          },
        );
      expect(await reason({ keys: {} })).toBe('response is not a JSON Web Key Set');
      expect(await reason({ keys: [{ ...ecJwk(), key_ops: 'verify' }] })).toBe(
        'key set holds no usable key',
      );
    });
  });

  describe('isPointOnCurve', () => {
    const P521 = 2n ** 521n - 1n;
    const B521 =
      0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n;
    const encode = (value: bigint, length: number) => {
      const out = new Uint8Array(length);
      let rest = value;
      for (let i = length - 1; i >= 0; i -= 1) {
        out[i] = Number(rest & 0xffn);
        rest >>= 8n;
      }
      return base64url.encode(out);
    };
    const decode = (text: string) => BigInt(`0x${Buffer.from(text, 'base64url').toString('hex')}`);
    const power = (base: bigint, exponent: bigint, modulus: bigint) => {
      let result = 1n;
      let b = base % modulus;
      for (let e = exponent; e > 0n; e >>= 1n) {
        if (e & 1n) result = (result * b) % modulus;
        b = (b * b) % modulus;
      }
      return result;
    };

    it('refuses a coordinate padded to another length, though its value is on the curve', () => {
      const { crv, x, y } = ecJwk();
      expect(isPointOnCurve(crv, x, y)).toBe(true);
      const padded = (text: string) =>
        base64url.encode(
          Buffer.concat([Buffer.from([0]), Buffer.from(text as string, 'base64url')]),
        );
      expect(isPointOnCurve(crv, padded(x as string), y)).toBe(false);
      expect(isPointOnCurve(crv, x, padded(y as string))).toBe(false);
    });

    it('refuses coordinates at or above the prime, which equal a point modulo it', () => {
      const { crv, x, y } = ecJwk('P-521');
      const px = decode(x as string);
      const py = decode(y as string);
      expect(isPointOnCurve(crv, encode(px + P521, 66), y)).toBe(false);
      expect(isPointOnCurve(crv, x, encode(py + P521, 66))).toBe(false);
      // x = 0 is on P-521 (b is a square there): x = p is the same point, and refused.
      const y0 = power(B521, (P521 + 1n) / 4n, P521);
      expect(isPointOnCurve('P-521', encode(0n, 66), encode(y0, 66))).toBe(true);
      expect(isPointOnCurve('P-521', encode(P521, 66), encode(y0, 66))).toBe(false);
    });

    it('takes the curve name and coordinates only as strings', () => {
      const { crv, x, y } = ecJwk();
      expect(isPointOnCurve([crv], x, y)).toBe(false);
      expect(isPointOnCurve(crv, Buffer.from(x as string), y)).toBe(false);
      expect(isPointOnCurve(crv, x, Buffer.from(y as string))).toBe(false);
      expect(isPointOnCurve('P-192', x, y)).toBe(false);
    });
  });

  describe('a key from a custom key source', () => {
    it.each([
      ['a string', 'key'],
      ['null', null],
      ['a number', 42],
      ['an object that is no key', {}],
    ])('answers ERR_KEY_NOT_FOUND for %s', async (_name, key) => {
      const signer = await generateTestKey('ES256', 'k');
      const keySource: KeySource = { getKey: async () => ({ key: key as never }) };
      for (const nodeCrypto of [true, false]) {
        const verifier = createVerifier({
          issuer: 'https://i.example',
          audience: 'a',
          keySource,
          nodeCrypto,
          cache: false,
        });
        const iat = Math.floor(Date.now() / 1000);
        const token = await signRaw(
          signer,
          { alg: 'ES256', kid: 'k' },
          { iss: 'https://i.example', aud: 'a', iat, exp: iat + 60 },
        );
        expect(await codeOf(verifier.verify(token))).toBe('ERR_KEY_NOT_FOUND');
      }
    });
  });
});
