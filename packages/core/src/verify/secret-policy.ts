/**
 * The start-up refusal of a public key given as an HMAC secret (RFC 8725 §3.1, §3.2): the
 * classic key-confusion set-up, where anyone holding the public key could then forge
 * HS256 tokens. Checked on strings and bytes alike.
 */

// PEM (any `-----BEGIN`), OpenSSH public keys, and JWK JSON, as text.
const PUBLIC_KEY_TEXT = /^\s*(?:-----BEGIN|ssh-|ecdsa-sha2-|\{[\s\S]*"kty")/;

/**
 * Throws a `TypeError` naming the option when `secret` looks like a key rather than
 * random bytes: PEM, OpenSSH or JWK JSON text, or DER (SPKI, PKCS#1, PKCS#8, a
 * certificate: one ASN.1 SEQUENCE spanning the whole secret).
 *
 * @example
 * ```ts
 * assertSecretIsNoPublicKey(readFileSync('public.pem')); // throws
 * ```
 */
export function assertSecretIsNoPublicKey(secret: Uint8Array): void {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(secret);
  if (PUBLIC_KEY_TEXT.test(text) || isDerSequence(secret)) {
    throw new TypeError(
      'jwt-guard: option "secret" looks like a public key (PEM, DER, JWK or OpenSSH); HMAC secrets must be random bytes',
    );
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
