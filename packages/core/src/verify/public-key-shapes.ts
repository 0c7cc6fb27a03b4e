/**
 * Recognisers for the binary forms a public key takes once its text encoding is removed:
 * DER (SPKI, PKCS#1, an X.509 certificate), the OpenSSH wire blob and a bare RSA modulus.
 * Used by the secret policy; plain byte checks, no node:crypto, so core runs on Workers.
 */

/** One DER element (X.690 §8.1): its tag and where its contents start and end. */
interface Element {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OBJECT_IDENTIFIER = 0x06;

// The element at `offset`, whose definite length (short or long form, X.690 §8.1.3) must
// end by `limit`; undefined when it does not fit.
function readElement(bytes: Uint8Array, offset: number, limit: number): Element | undefined {
  if (offset + 2 > limit) return undefined;
  const first = bytes[offset + 1] as number;
  let start = offset + 2;
  let length = first;
  if (first >= 0x80) {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 4 || start + octets > limit) return undefined;
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (bytes[start + i] as number);
    start += octets;
  }
  const end = start + length;
  return end <= limit ? { tag: bytes[offset] as number, start, end } : undefined;
}

// The elements that exactly fill `parent`'s contents, or undefined when they do not.
function childrenOf(bytes: Uint8Array, parent: Element): Element[] | undefined {
  const children: Element[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readElement(bytes, offset, parent.end);
    if (child === undefined) return undefined;
    children.push(child);
    offset = child.end;
  }
  return children;
}

// The SEQUENCE that spans `bytes` exactly, or undefined.
function wholeSequence(bytes: Uint8Array): Element | undefined {
  const top = readElement(bytes, 0, bytes.length);
  return top?.tag === SEQUENCE && top.end === bytes.length ? top : undefined;
}

/**
 * Whether `bytes` are one DER SEQUENCE spanning them exactly (X.690 §8.1), whatever it
 * holds: SPKI, PKCS#1, PKCS#8, a certificate. Random bytes are one by a chance near 2^-16;
 * used on a secret's raw bytes, where any DER is a mistake.
 */
export function isDerSequence(bytes: Uint8Array): boolean {
  return wholeSequence(bytes) !== undefined;
}

/**
 * Whether `bytes` are exactly one DER structure that holds a public key:
 * - SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): SEQUENCE { SEQUENCE { OID, … }, BIT STRING },
 *   whatever the algorithm (RSA, EC, Ed25519/X25519, …);
 * - RSAPublicKey, PKCS#1 (RFC 8017 §A.1.1): SEQUENCE { INTEGER, INTEGER };
 * - an X.509 certificate (RFC 5280 §4.1): SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING },
 *   which carries its subject's public key (Keycloak shows it beside the key).
 * Every element must fill its parent exactly, so random bytes match only by a chance far
 * below 2^-32.
 */
export function isPublicKeyDer(bytes: Uint8Array): boolean {
  const top = wholeSequence(bytes);
  if (top === undefined) return false;
  const children = childrenOf(bytes, top);
  if (children === undefined) return false;
  const tags = children.map((child) => child.tag).join();
  if (tags === `${INTEGER},${INTEGER}`) return true;
  if (tags === `${SEQUENCE},${SEQUENCE},${BIT_STRING}`) return true;
  if (tags !== `${SEQUENCE},${BIT_STRING}`) return false;
  const algorithm = childrenOf(bytes, children[0] as Element);
  return algorithm?.[0]?.tag === OBJECT_IDENTIFIER;
}

// An OpenSSH key blob starts with its type name as an SSH string (RFC 4253 §6.6).
const SSH_KEY_TYPE = /^(?:ssh-|ecdsa-sha2-|sk-)[\x21-\x7e]*$/;

/**
 * Whether `bytes` are an OpenSSH public key blob (the base64 after `ssh-rsa `): a
 * big-endian uint32 length, then that many bytes naming the key type (`ssh-rsa`,
 * `ssh-ed25519`, `ecdsa-sha2-nistp256`, `sk-…`).
 */
export function isOpenSshBlob(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0) return false;
  const length = bytes[3] as number;
  if (bytes.length < 4 + length) return false;
  return SSH_KEY_TYPE.test(String.fromCharCode(...bytes.subarray(4, 4 + length)));
}

// RSA moduli of 2048, 3072 and 4096 bits: what identity providers publish; jwt-guard
// accepts no RSA key under 2048 bits. 1024-bit moduli (128 bytes) are left out: 128 bytes
// is the HS384/HS512 block size, a usual length for a random secret.
const MODULUS_BYTES = new Set([256, 384, 512]);

/**
 * Whether `bytes` have the length of an RSA modulus (a JWK's `n`), also as a DER INTEGER
 * with its leading zero (RFC 8017 §A.1.1: 0x00 before a first byte with its top bit set).
 *
 * The rule is the length alone, on purpose. A modulus is the product of two large primes,
 * and no cheap test tells it from random bytes: "odd with its top bit set" holds for a
 * quarter of random strings, and dividing by small primes removes only a few more. A test
 * by shape would refuse one random secret of these lengths in four, at random; a test by
 * length refuses them all, every time, and costs nothing: HMAC hashes a key longer than
 * its block (64 bytes for SHA-256, 128 for SHA-384/512) down to one digest first
 * (RFC 2104 §2, §3), so a 256-byte secret is no stronger than a 64-byte one.
 */
export function hasModulusLength(bytes: Uint8Array): boolean {
  const leadingZero = bytes[0] === 0 && (bytes[1] ?? 0) >= 0x80;
  return MODULUS_BYTES.has(leadingZero ? bytes.length - 1 : bytes.length);
}
