/**
 * Private keys at rest: each private JWK is a compact JWE (`dir`, A256GCM; RFC 7516) under a
 * key derived from `encryptionSecret` with HKDF-SHA-256 (RFC 5869), so that whoever can
 * only read the store cannot sign.
 */
import { CompactEncrypt, compactDecrypt, type JWK } from 'jose';

const SALT = new TextEncoder().encode('jwt-guard/issuer');
const INFO = new TextEncoder().encode('key-ring private JWK, A256GCM');

/**
 * The 256-bit sealing key derived from `secret` (WebCrypto HKDF-SHA-256).
 *
 * @example
 * ```ts
 * const sealKey = await deriveSealKey(new TextEncoder().encode(secret));
 * ```
 */
export async function deriveSealKey(secret: Uint8Array): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: INFO },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Seals `jwk` for key `kid`. The kid is in the protected header, which A256GCM
 * authenticates, so a sealed key cannot be moved to another ring entry unnoticed.
 */
export function sealPrivateJwk(jwk: JWK, kid: string, sealKey: Uint8Array): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(jwk)))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
    .encrypt(sealKey);
}

/** Opens what {@link sealPrivateJwk} sealed for `kid`; rejects on a wrong secret or kid. */
export async function openPrivateJwk(
  sealed: string,
  kid: string,
  sealKey: Uint8Array,
): Promise<JWK> {
  const { plaintext, protectedHeader } = await compactDecrypt(sealed, sealKey, {
    keyManagementAlgorithms: ['dir'],
    contentEncryptionAlgorithms: ['A256GCM'],
  });
  if (protectedHeader.kid !== kid)
    throw new TypeError('jwt-guard: a sealed key belongs to another kid');
  return JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
}
