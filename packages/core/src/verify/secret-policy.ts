/**
 * The start-up refusal of a public key given as an HMAC secret (RFC 8725 §3.1, §3.2): the
 * classic key-confusion set-up, where anyone holding the public key could then forge
 * HS256 tokens. Checked on strings and bytes alike, and on what the text decodes to.
 */
import { base64url } from 'jose';
import {
  hasModulusLength,
  isDerSequence,
  isOpenSshBlob,
  isPublicKeyDer,
} from './public-key-shapes.js';

// PEM (any `-----BEGIN`), OpenSSH public keys, and JWK JSON, as text.
const PUBLIC_KEY_TEXT = /^\s*(?:-----BEGIN|ssh-|ecdsa-sha2-|\{[\s\S]*"kty")/;
// PEM armour lines, dropped so that a body copied with only one of them still decodes.
const PEM_ARMOUR = /-----(?:BEGIN|END)[^-]*-----/g;
const HEX = /^(?:[0-9a-f]{2})+$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

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
  const text = new TextDecoder().decode(secret);
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

// What `text` decodes to as hex and as base64/base64url, whitespace and armour ignored.
function decodings(text: string): Uint8Array[] {
  const compact = text.replace(PEM_ARMOUR, '').replace(/\s/g, '');
  return [fromHex(compact.replaceAll(':', '')), fromBase64(compact)].filter(
    (bytes): bytes is Uint8Array => bytes !== undefined,
  );
}

// Hex in pairs, colons dropped: `openssl … -text` prints a modulus as 00:c3:5a:…
function fromHex(hex: string): Uint8Array | undefined {
  if (!HEX.test(hex)) return undefined;
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) =>
    Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16),
  );
}

// base64 (RFC 4648 §4) and base64url (§5) differ only in two letters and padding. Only an
// exact (canonical) encoding counts: a key's always is one, and random text rarely is,
// which keeps the length rule off passphrases that merely use the base64 alphabet.
function fromBase64(text: string): Uint8Array | undefined {
  const url = text.replaceAll('=', '').replaceAll('+', '-').replaceAll('/', '_');
  // 4n + 1 characters is a length no encoding has (jose's decoder would throw).
  if (!BASE64URL.test(url) || url.length % 4 === 1) return undefined;
  const bytes = base64url.decode(url);
  return base64url.encode(bytes) === url ? bytes : undefined;
}
