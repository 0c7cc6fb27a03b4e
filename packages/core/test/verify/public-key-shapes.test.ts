/**
 * The binary shapes of a public key, byte by byte: DER structures that hold one (and near
 * misses that do not), OpenSSH blobs, and the lengths of an RSA modulus.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hasModulusLength,
  isDerSequence,
  isOpenSshBlob,
  isPublicKeyDer,
} from '../../src/verify/public-key-shapes.js';

/** A DER element with `tag` around `content`, its length in short or long form. */
function tlv(tag: number, content: readonly number[], lengthOctets?: number): number[] {
  if (lengthOctets === undefined) return [tag, content.length, ...content];
  const length = Array.from(
    { length: lengthOctets },
    (_, i) => (content.length >>> (8 * (lengthOctets - 1 - i))) & 0xff,
  );
  return [tag, 0x80 | lengthOctets, ...length, ...content];
}
const bytes = (values: readonly number[]) => Uint8Array.from(values);
const SEQ = 0x30;
const INT = 0x02;
const BITS = 0x03;
const OID = 0x06;
const ed25519Oid = tlv(OID, [0x2b, 0x65, 0x70]);
const spkiOf = (algorithm: number[], key: number[] = tlv(BITS, [0, 1, 2])) =>
  tlv(SEQ, [...tlv(SEQ, algorithm), ...key]);

describe('isPublicKeyDer', () => {
  it('recognises generated RSA, EC and Ed25519 keys as SPKI, and RSA as PKCS#1', () => {
    const keys = [
      generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey,
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
      generateKeyPairSync('ed25519').publicKey,
    ];
    for (const key of keys) {
      expect(
        isPublicKeyDer(key.export({ type: 'spki', format: 'der' })),
        key.asymmetricKeyType,
      ).toBe(true);
    }
    expect(isPublicKeyDer(keys[0]!.export({ type: 'pkcs1', format: 'der' }))).toBe(true);
  });

  it.each<[string, number[]]>([
    ['an SPKI of any algorithm', spkiOf(ed25519Oid)],
    ['an SPKI with algorithm parameters', spkiOf([...ed25519Oid, 0x05, 0x00])],
    ['RSAPublicKey, two INTEGERs', tlv(SEQ, [...tlv(INT, [0xc1, 0x07]), ...tlv(INT, [1, 0, 1])])],
    ['a certificate shape', tlv(SEQ, [...tlv(SEQ, [5]), ...tlv(SEQ, []), ...tlv(BITS, [0])])],
    ['empty elements to the very end', spkiOf(tlv(OID, []), tlv(BITS, []))],
    ['one length octet', tlv(SEQ, [...tlv(INT, [1], 1), ...tlv(INT, [1])], 1)],
    ['four length octets', tlv(SEQ, [...tlv(INT, [1]), ...tlv(INT, [1], 4)], 4)],
    ['long-form lengths that end their parent', tlv(SEQ, [INT, 0x81, 0x00, INT, 0x81, 0x00])],
    ['a 128-byte INTEGER', tlv(SEQ, [...tlv(INT, Array(128).fill(7), 1), ...tlv(INT, [3])], 2)],
  ])('accepts %s', (_name, der) => {
    expect(isPublicKeyDer(bytes(der))).toBe(true);
  });

  it.each<[string, number[]]>([
    ['nothing', []],
    ['a lone tag', [SEQ]],
    ['a SET, not a SEQUENCE', [0x31, ...spkiOf(ed25519Oid).slice(1)]],
    ['a trailing byte', [...spkiOf(ed25519Oid), 0]],
    [
      'a length one short',
      (() => {
        const der = spkiOf(ed25519Oid);
        der[1] = (der[1] as number) - 1;
        return der;
      })(),
    ],
    ['an algorithm that does not start with an OID', spkiOf(tlv(INT, [1]))],
    ['an empty algorithm', spkiOf([])],
    ['an algorithm whose contents do not parse', spkiOf([OID, 9, 1])],
    ['a key that is no BIT STRING', spkiOf(ed25519Oid, tlv(0x04, [1]))],
    ['one INTEGER', tlv(SEQ, tlv(INT, [1]))],
    [
      'three INTEGERs (a private key begins so)',
      tlv(
        SEQ,
        [1, 2, 3].flatMap((n) => tlv(INT, [n])),
      ),
    ],
    ['a child longer than its parent', tlv(SEQ, [INT, 9, 1, 2, ...tlv(INT, [1])])],
    ['a child cut in its length octets', tlv(SEQ, [...tlv(INT, [1]), INT, 0x82, 0x01])],
    // 0x80 would be BER's indefinite length: no DER length, even with 128 bytes behind it.
    ['a 0x80 length', tlv(SEQ, [INT, 0x80, ...Array(128).fill(7), ...tlv(INT, [3])], 2)],
    ['five length octets', [SEQ, 0x85, 0, 0, 0, 0, 6, ...tlv(INT, [1]), ...tlv(INT, [1])]],
  ])('refuses %s', (_name, der) => {
    expect(isPublicKeyDer(bytes(der))).toBe(false);
  });
});

describe('isDerSequence', () => {
  it('is one SEQUENCE spanning the bytes, whatever it holds', () => {
    expect(isDerSequence(bytes([SEQ, 0]))).toBe(true);
    expect(isDerSequence(bytes(tlv(SEQ, [0xff, 0xff, 0xff], 1)))).toBe(true);
    expect(isDerSequence(bytes(tlv(SEQ, Array(300).fill(0x5a), 2)))).toBe(true);
    expect(isDerSequence(bytes([]))).toBe(false);
    expect(isDerSequence(bytes([SEQ]))).toBe(false);
    expect(isDerSequence(bytes([SEQ, 0x80]))).toBe(false);
    expect(isDerSequence(bytes([SEQ, 0x81]))).toBe(false);
    expect(isDerSequence(bytes([SEQ, 1]))).toBe(false);
    expect(isDerSequence(bytes([SEQ, 0, 0]))).toBe(false);
    expect(isDerSequence(bytes([0x31, 0]))).toBe(false);
  });
});

describe('isOpenSshBlob', () => {
  const blob = (type: string, declared = type.length, lead = [0, 0, 0]) =>
    bytes([...lead, declared, ...Buffer.from(type), 0, 0, 0, 1, 1]);

  it.each(['ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'sk-ssh-ed25519@openssh.com'])(
    'recognises %s',
    (type) => {
      expect(isOpenSshBlob(blob(type))).toBe(true);
    },
  );

  it('needs eight bytes: four of length, at least four of name', () => {
    expect(isOpenSshBlob(bytes([0, 0, 0, 4, ...Buffer.from('ssh-')]))).toBe(true);
    expect(isOpenSshBlob(bytes([0, 0, 0, 3, ...Buffer.from('sk-')]))).toBe(false);
    expect(isOpenSshBlob(bytes([0, 0, 0, 7, ...Buffer.from('ssh-rsa')]))).toBe(true);
    expect(isOpenSshBlob(bytes([0, 0, 0, 8, ...Buffer.from('ssh-rsa')]))).toBe(false);
  });

  it.each<[string, Uint8Array]>([
    ['a length over 255', blob('ssh-rsa', 7, [0, 0, 1])],
    ['a length over 65535', blob('ssh-rsa', 7, [0, 1, 0])],
    ['a length over 2^24', blob('ssh-rsa', 7, [1, 0, 0])],
    ['another name', blob('rsa-ssh')],
    ['a name with a space', blob('ssh-rsa x')],
    ['a name not at the start', blob('xssh-rsa')],
    ['a name cut short by its length', blob('ssh-rsa', 3)],
  ])('refuses %s', (_name, value) => {
    expect(isOpenSshBlob(value)).toBe(false);
  });
});

describe('hasModulusLength', () => {
  const sized = (length: number, first = 0xc3, second = 0x5a) => {
    const value = new Uint8Array(length).fill(0x11);
    value[0] = first;
    if (length > 1) value[1] = second;
    return value;
  };

  it('is true for 256, 384 and 512 bytes, and one more behind a DER leading zero', () => {
    for (const length of [256, 384, 512]) {
      expect(hasModulusLength(sized(length)), `${length}`).toBe(true);
      expect(hasModulusLength(sized(length + 1, 0, 0x80)), `${length} + 0x00`).toBe(true);
      expect(hasModulusLength(sized(length + 1, 0, 0xff)), `${length} + 0x00`).toBe(true);
    }
  });

  it('is false for other lengths, and for a zero not before a top bit', () => {
    for (const length of [0, 1, 32, 64, 128, 255, 258, 383, 386, 511, 514]) {
      expect(hasModulusLength(sized(length)), `${length}`).toBe(false);
    }
    expect(hasModulusLength(sized(257, 0, 0x7f))).toBe(false);
    expect(hasModulusLength(sized(257, 1, 0x80))).toBe(false);
    expect(hasModulusLength(sized(256, 0, 0x80))).toBe(false); // a 255-byte INTEGER
    expect(hasModulusLength(bytes([0]))).toBe(false);
  });
});
