/**
 * The start-up refusal of a public key given as an HMAC secret (RFC 8725 §3.1, §3.2): the
 * classic key-confusion set-up, where anyone holding the public key could then forge
 * HS256 tokens. Checked on strings and bytes alike, and on what the text decodes to.
 */
import { base64url } from 'jose';
import { hasModulusLength, isOpenSshBlob, isPublicKeyDer } from './public-key-shapes.js';

// PEM (any `-----BEGIN`), OpenSSH public keys, and JWK JSON, as text.
const PUBLIC_KEY_TEXT = /^\s*(?:-----BEGIN|ssh-|ecdsa-sha2-|\{[\s\S]*"kty")/;
// PEM armour lines, dropped so that a body copied with only one of them still decodes.
const PEM_ARMOUR = /-----(?:BEGIN|END)[^-]*-----/g;
// `openssl … -text` prints a modulus as colon-separated hex: 00:c3:5a:…
const COLON_HEX = /^[0-9a-f]{2}(?::[0-9a-f]{2})+:?$/i;
const HEX = /^(?:[0-9a-f]{2})+$/i;
const BASE64_ANY = /^[A-Za-z0-9+/_-]+$/;

/**
 * Throws a `TypeError` naming the option when `secret` is, or encodes, a public key rather
 * than random bytes:
 * - PEM, OpenSSH or JWK JSON text;
 * - DER (SPKI, PKCS#1, PKCS#8, a certificate: one ASN.1 SEQUENCE spanning the whole secret);
 * - text that decodes, from base64, base64url or hex (whitespace, padding and PEM armour
 *   ignored), to an SPKI, PKCS#1 or certificate DER, an OpenSSH key blob, or a value the
 *   length of an RSA modulus: Keycloak's "Public key" field, a PEM body, a JWK's `n`;
 * - binary bytes the length of an RSA modulus (see `hasModulusLength` for why by length).
 *
 * `option` names the option in the message (`issuers[0].secret` for a per-issuer one).
 *
 * @example
 * ```ts
 * assertSecretIsNoPublicKey(readFileSync('public.pem')); // throws
 * assertSecretIsNoPublicKey(new TextEncoder().encode(keycloakPublicKey)); // throws
 * ```
 */
export function assertSecretIsNoPublicKey(secret: Uint8Array, option = 'secret'): void {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(secret);
  // Bytes that are not UTF-8 text: a modulus given as raw bytes. Text of that length is a
  // passphrase, never a modulus (random bytes are valid UTF-8 with a chance near zero).
  const binary = text.includes('\uFFFD');
  if (
    PUBLIC_KEY_TEXT.test(text) ||
    isDerSequence(secret) ||
    isOpenSshBlob(secret) ||
    (binary && hasModulusLength(secret)) ||
    decodings(text).some(isEncodedKey)
  ) {
    throw new TypeError(
      `jwt-guard: option "${option}" looks like a public key (PEM, DER, JWK, OpenSSH or an RSA modulus, as bytes, base64, base64url or hex); an HMAC secret must be random bytes, and tokens signed with a public key are verified through option "jwksUri" or "keySource"`,
    );
  }
}

function isEncodedKey(bytes: Uint8Array): boolean {
  return isPublicKeyDer(bytes) || isOpenSshBlob(bytes) || hasModulusLength(bytes);
}

// What `text` decodes to as hex and as base64/base64url. Only exact (canonical) encodings
// count: a key's encoding always is one, and random text rarely is, which keeps the
// length rule off passphrases that merely use the base64 alphabet.
function decodings(text: string): Uint8Array[] {
  const compact = text.replace(PEM_ARMOUR, '').replace(/\s+/g, '');
  const found: Uint8Array[] = [];
  const hex = COLON_HEX.test(compact) ? compact.replaceAll(':', '') : compact;
  if (HEX.test(hex)) {
    found.push(Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseHexByte(hex, i)));
  }
  // base64 (RFC 4648 §4) and base64url (§5) differ only in two letters and padding.
  const url = compact
    .replace(/={1,2}$/, '')
    .replaceAll('+', '-')
    .replaceAll('/', '_');
  if (BASE64_ANY.test(url)) {
    const bytes = decodeBase64url(url);
    if (bytes !== undefined && base64url.encode(bytes) === url) found.push(bytes);
  }
  return found;
}

function parseHexByte(hex: string, index: number): number {
  return Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
}

function decodeBase64url(text: string): Uint8Array | undefined {
  try {
    return base64url.decode(text);
  } catch {
    return undefined; // a length no encoding has (4n + 1 characters)
  }
}

// DER (X.690 §8.1): tag 0x30 (SEQUENCE), then a definite length, short or long form,
// that covers exactly the rest of the bytes. Random secrets almost never do.
function isDerSequence(bytes: Uint8Array): boolean {
  if (bytes.length < 2 || bytes[0] !== 0x30) return false;
  const first = bytes[1] as number;
  if (first < 0x80) return 2 + first === bytes.length;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || bytes.length < 2 + octets) return false;
  let length = 0;
  for (let i = 0; i < octets; i += 1) length = length * 256 + (bytes[2 + i] as number);
  return 2 + octets + length === bytes.length;
}
