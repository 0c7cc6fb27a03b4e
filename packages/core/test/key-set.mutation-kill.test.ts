/**
 * Key set edges: a JWK list with holes (`null`), `key_ops` naming `verify`, the reasons a
 * document is refused, the EC point check on its own (exact coordinate lengths, values
 * below the prime, typed inputs), and the checks a key from a custom source must pass.
 */
import { generateKeyPairSync } from 'node:crypto';
import { generateTestKey, signRaw } from '@jwt-guard/testing';
import { base64url, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier, type KeySource } from '../src/index.js';
import { isPointOnCurve } from '../src/keys/ec-point.js';
import { KeySetError, loadKeySet } from '../src/keys/key-set.js';
import { codeOf } from './outcome.js';

const ecJwk = (namedCurve = 'P-256') =>
  generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' }) as JWK;

describe('loadKeySet', () => {
  it('skips null entries and keeps a key whose key_ops name verify', async () => {
    const set = await loadKeySet({ keys: [null, { ...ecJwk(), kid: 'a', key_ops: ['verify'] }] }, [
      'ES256',
    ]);
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
      base64url.encode(Buffer.concat([Buffer.from([0]), Buffer.from(text as string, 'base64url')]));
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
