/**
 * A public key is never an HMAC secret, however it is spelled: Keycloak's bare base64 key,
 * a PEM body without its armour, hex, an OpenSSH blob, a certificate, a bare modulus. Each
 * is refused at creation, and no HS256 token keyed with one verifies anywhere.
 */
import { KeyObject, randomBytes } from 'node:crypto';
import {
  createServerCertificate,
  createTestIssuer,
  type TestIssuer,
  type TestKey,
} from '@jwt-guard/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/index.js';
import { assertSecretIsNoPublicKey } from '../../src/verify/secret-policy.js';
import { decodeSegment, hmacToken } from '../forge.js';
import { codeOf } from '../outcome.js';

const base = { issuer: 'https://id.example.com/', audience: 'https://api.example.com' };

/** The TypeError thrown by creating a verifier with `secret`, or undefined. */
function refusalOf(secret: string | Uint8Array): TypeError | undefined {
  try {
    createVerifier({ ...base, secret });
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return error as TypeError;
  }
  return undefined;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const lines = (text: string, width: number, eol = '\n') =>
  (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(eol);
const withZero = (bytes: Uint8Array) => Buffer.concat([Buffer.from([0]), bytes]);

// An SSH string (RFC 4253 §5): uint32 length, then the bytes.
const sshString = (bytes: Uint8Array | string) => {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
};
// An mpint (RFC 4251 §5): a leading zero when the top bit is set.
const mpint = (bytes: Buffer) => sshString(bytes[0]! & 0x80 ? withZero(bytes) : bytes);

// The OpenSSH wire blob of a key (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4).
function sshBlob(jwk: Record<string, string>): Buffer {
  const field = (name: string) => Buffer.from(jwk[name]!, 'base64url');
  if (jwk.kty === 'RSA')
    return Buffer.concat([sshString('ssh-rsa'), mpint(field('e')), mpint(field('n'))]);
  if (jwk.kty === 'OKP') return Buffer.concat([sshString('ssh-ed25519'), sshString(field('x'))]);
  const point = Buffer.concat([Buffer.from([4]), field('x'), field('y')]);
  return Buffer.concat([sshString('ecdsa-sha2-nistp256'), sshString('nistp256'), sshString(point)]);
}

/** Every unarmoured spelling of `key` that the issue found accepted as a secret. */
function spellingsOf(key: TestKey): Record<string, string | Uint8Array> {
  const publicKey = KeyObject.from(key.publicKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const body = b64(spki);
  const spellings: Record<string, string | Uint8Array> = {
    'base64 SPKI on one line (Keycloak)': body,
    'PEM body in 64-column lines': lines(body, 64),
    'PEM body with CRLF and a trailing newline': `${lines(body, 64, '\r\n')}\r\n`,
    'PEM body with only its END line': `${lines(body, 64)}\n-----END PUBLIC KEY-----\n`,
    'base64url SPKI': b64u(spki),
    'hex SPKI': hex(spki),
    'hex SPKI, upper case in spaced lines': lines(hex(spki).toUpperCase(), 32, ' \n  '),
    'base64 OpenSSH blob': b64(sshBlob(key.publicJwk as Record<string, string>)),
  };
  if (key.publicJwk.kty !== 'RSA') return spellings;
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'der' });
  const n = Buffer.from(key.publicJwk.n!, 'base64url');
  return {
    ...spellings,
    'base64 PKCS#1': b64(pkcs1),
    'PKCS#1 PEM body': lines(b64(pkcs1), 64),
    'hex PKCS#1': hex(pkcs1),
    'n, base64url (the JWK member)': key.publicJwk.n!,
    'n, base64 with padding': b64(n),
    'n, hex': hex(n),
    'n with a leading zero, base64': b64(withZero(n)),
    'n with a leading zero, hex': hex(withZero(n)),
    'n as openssl -text prints it': lines(hex(withZero(n)).replace(/(..)(?!$)/g, '$1:'), 45),
    'n, raw bytes': n,
    'n with a leading zero, raw bytes': withZero(n),
  };
}

let issuer: TestIssuer;
let spellings: [string, string | Uint8Array][];
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['RS256', 'ES256', 'EdDSA'] });
  const certificate = (await createServerCertificate()).der;
  spellings = [
    ...issuer.keys.flatMap((key) =>
      Object.entries(spellingsOf(key)).map(([name, secret]): [string, string | Uint8Array] => [
        `${key.alg} ${name}`,
        secret,
      ]),
    ),
    ['X.509 certificate, base64', b64(certificate)],
    ['X.509 certificate, hex', hex(certificate)],
  ];
});
afterAll(() => issuer.close());

describe('unarmoured public keys as secrets', () => {
  it('refuses every spelling of RSA 2048, P-256 and Ed25519 keys with a TypeError naming the fix', () => {
    expect(issuer.keys.map((key) => key.publicJwk.kty)).toEqual(['RSA', 'EC', 'OKP']);
    expect(spellings.length).toBe(8 + 11 + 8 + 8 + 2);
    for (const [name, secret] of spellings) {
      const refusal = refusalOf(secret);
      expect(refusal, name).toBeInstanceOf(TypeError);
      expect(refusal?.message, name).toContain('option "secret" looks like a public key');
      expect(refusal?.message, name).toMatch(/"jwksUri" or "keySource"/);
    }
  });

  it('names the option "secret" unless told another', () => {
    const [, secret] = spellings[0]!;
    expect(() => assertSecretIsNoPublicKey(new TextEncoder().encode(secret as string))).toThrow(
      /^jwt-guard: option "secret" looks like a public key/,
    );
  });

  it('names the option it was given, for a per-issuer secret', () => {
    const [, secret] = spellings[0]!;
    expect(() =>
      assertSecretIsNoPublicKey(new TextEncoder().encode(secret as string), 'issuers[1].secret'),
    ).toThrow(/^jwt-guard: option "issuers\[1\]\.secret" looks like a public key/);
  });

  it('no HS256 token keyed with any spelling verifies: not with the issuer keys, nor with a real secret', async () => {
    const payload = decodeSegment(await issuer.mint(), 1);
    const secret = randomBytes(32);
    const withKeys = createVerifier({ issuer: issuer.issuer, audience: issuer.audience });
    const withSecret = createVerifier({ issuer: issuer.issuer, audience: issuer.audience, secret });
    // The set-ups work: the issuer's own token, and one keyed with the real secret.
    expect((await withKeys.verify(await issuer.mint())).payload.iss).toBe(issuer.issuer);
    const genuine = hmacToken({ alg: 'HS256' }, payload, secret);
    expect((await withSecret.verify(genuine)).payload.iss).toBe(issuer.issuer);
    for (const [name, spelling] of spellings) {
      const key = typeof spelling === 'string' ? spelling : Buffer.from(spelling);
      for (const kid of [undefined, ...issuer.keys.map((k) => k.kid)]) {
        const forged = hmacToken({ alg: 'HS256', ...(kid && { kid }) }, payload, key);
        expect(await codeOf(withKeys.verify(forged)), name).toBe('ERR_ALGORITHM_NOT_ALLOWED');
        expect(await codeOf(withSecret.verify(forged)), name).toBe('ERR_SIGNATURE_INVALID');
      }
    }
  });
});

describe('random secrets are accepted', () => {
  it('32 to 64 random bytes: raw, base64, base64url, hex', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 64 }), (bytes) => {
        for (const text of [b64(bytes), b64u(bytes), hex(bytes), lines(b64(bytes), 16)]) {
          expect(() => assertSecretIsNoPublicKey(encoder.encode(text)), text).not.toThrow();
        }
        expect(() => assertSecretIsNoPublicKey(bytes)).not.toThrow();
      }),
      { numRuns: 1000, seed: 19 },
    );
    for (const size of [32, 48, 64]) {
      const bytes = randomBytes(size);
      for (const secret of [b64(bytes), b64u(bytes), hex(bytes)]) {
        expect(refusalOf(secret), secret).toBeUndefined();
      }
    }
  });

  it('lengths next to an RSA modulus, 128-byte secrets and long passphrases', () => {
    const filled = (length: number, first = 0x9c) => {
      const bytes = randomBytes(length);
      bytes[0] = first;
      bytes[1] = 0x88;
      return bytes;
    };
    for (const length of [128, 255, 257, 383, 385, 511, 513]) {
      const bytes = filled(length);
      expect(refusalOf(b64(bytes)), `base64 of ${length}`).toBeUndefined();
      expect(refusalOf(hex(bytes)), `hex of ${length}`).toBeUndefined();
      expect(refusalOf(bytes), `${length} raw bytes`).toBeUndefined();
    }
    // One more than a modulus, beginning with 0x00 but not before a top bit: no INTEGER.
    const zeroThenLow = filled(257, 0);
    zeroThenLow[1] = 0x7f;
    expect(refusalOf(b64(zeroThenLow))).toBeUndefined();
    expect(refusalOf(zeroThenLow)).toBeUndefined();
    // Text the length of a modulus is a passphrase, not a modulus in raw bytes.
    expect(refusalOf('correct horse battery staple '.repeat(9).slice(0, 256))).toBeUndefined();
    // The base64 alphabet but not an exact encoding: the last letter has bits to spare.
    expect(refusalOf(`${'Ab3'.repeat(113)}AbC`)).toBeUndefined();
    // 512 characters (hex of a 4096-bit modulus is as long), hex only at the ends.
    expect(refusalOf(`cafe${'x'.repeat(253)}!${'x'.repeat(250)}beef`)).toBeUndefined();
    // 513 hex letters: an odd count is no hex, and 4n + 1 characters no base64.
    expect(refusalOf('a'.repeat(513))).toBeUndefined();
  });
});

describe('the modulus rule is by length', () => {
  it('refuses any 256, 384 or 512-byte value, as raw bytes or encoded', () => {
    for (const length of [256, 384, 512]) {
      const bytes = randomBytes(length);
      bytes[0] = 0x11; // no top bit: the rule does not depend on the modulus' shape
      expect(refusalOf(bytes), `${length} raw`).toBeInstanceOf(TypeError);
      expect(refusalOf(b64u(bytes)), `${length} base64url`).toBeInstanceOf(TypeError);
      expect(refusalOf(hex(withZero(Buffer.from([0x80, ...bytes.subarray(1)]))))).toBeInstanceOf(
        TypeError,
      );
    }
  });
});
