/** Loading a key set: unusable keys are skipped, each key pinned and named by its thumbprint. */
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { isPointOnCurve } from '../../src/keys/ec-point.js';
import { KeySetError, loadKeySet, selectKey } from '../../src/keys/key-set.js';

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
