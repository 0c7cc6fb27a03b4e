/**
 * The successor kept for the reuse grace: the new refresh token, encrypted (JWE `dir`,
 * A256GCM; RFC 7516) under a key derived with HKDF-SHA-256 (RFC 5869) from its predecessor,
 * so only a holder of the predecessor can recover it, and the store alone cannot.
 */
import { CompactEncrypt, compactDecrypt } from 'jose';

const SALT = new TextEncoder().encode('jwt-guard/issuer');
const INFO = new TextEncoder().encode('refresh-token successor, A256GCM');

async function keyFrom(predecessor: string): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(predecessor),
    'HKDF',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: INFO },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Seals `successor` under a key only `predecessor` yields.
 *
 * @example
 * ```ts
 * const sealed = await sealSuccessor(next, presented);
 * ```
 */
export async function sealSuccessor(successor: string, predecessor: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(successor))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .encrypt(await keyFrom(predecessor));
}

/**
 * Opens what {@link sealSuccessor} sealed, or undefined when `predecessor` is not the key.
 *
 * @example
 * ```ts
 * const successor = await openSuccessor(record.previous.sealedSuccessor, presented);
 * ```
 */
export async function openSuccessor(
  sealed: string,
  predecessor: string,
): Promise<string | undefined> {
  try {
    const { plaintext } = await compactDecrypt(sealed, await keyFrom(predecessor), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return new TextDecoder().decode(plaintext);
  } catch {
    return undefined;
  }
}
