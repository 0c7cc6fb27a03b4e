/**
 * Turns validated key specs into what jose decrypts with, through jose's own importers on
 * WebCrypto. The decrypter runs this once, at its first token, and keeps the result.
 */
import { base64url, type CryptoKey, importJWK, importPKCS8, type JWK } from 'jose';
import { optionError } from '../options/option-error.js';
import { type KeyFamily, keyManagementRow } from './algorithms.js';
import type { DecryptionKeySpec } from './decryption-key.js';

/** A key ready for jose: one imported key per algorithm it serves. */
export interface UsableKey {
  readonly kid: string | undefined;
  /** The length of a secret in bits, which a `dir` token's `enc` must match. */
  readonly bits: number | undefined;
  /** The one `enc` a `dir` key serves, if it is pinned to one. */
  readonly enc: string | undefined;
  /** Key management algorithm → the key jose decrypts with under it. */
  readonly byAlgorithm: ReadonlyMap<string, CryptoKey | Uint8Array>;
}

type Imported = CryptoKey | Uint8Array;
const isJwk = (key: CryptoKey | JWK): key is JWK => typeof (key as JWK).kty === 'string';
const familyOf = (alg: string): KeyFamily | undefined => keyManagementRow(alg)?.family;

// One WebCrypto key per RSA-OAEP hash; every ECDH algorithm shares one (its curve comes
// from the key), so it is imported under `ECDH-ES` alone.
const importAs = (alg: string): string => (familyOf(alg) === 'EC' ? 'ECDH-ES' : alg);

// A PEM does not say its type before import: try the families its algorithms allow.
async function importPem(spec: DecryptionKeySpec, pem: string): Promise<[string, CryptoKey]> {
  let failure: unknown;
  for (const family of ['RSA', 'EC'] as const) {
    const alg = spec.algorithms.find((name) => familyOf(name) === family);
    if (alg === undefined) continue;
    try {
      return [importAs(alg), await importPKCS8(pem, importAs(alg))];
    } catch (error) {
      failure = error;
    }
  }
  throw optionError(spec.option, 'is a PEM key that fits no allowed key management algorithm', {
    cause: failure,
  });
}

function load(material: CryptoKey | JWK | string, alg: string): Promise<Imported> {
  if (typeof material === 'string') return importPKCS8(material, alg);
  if (!isJwk(material)) return Promise.resolve(material);
  if (material.kty === 'oct') return Promise.resolve(base64url.decode(material.k as string));
  return importJWK(material, alg) as Promise<CryptoKey>;
}

/**
 * Imports one key under every algorithm it serves. Rejects with a `TypeError` naming the
 * key's option when jose cannot import it (a corrupt PEM or JWK) or it is an RSA key under
 * 2048 bits (RFC 7518 §4.3; jose would refuse it at every token).
 *
 * @example
 * ```ts
 * const usable = await importDecryptionKey(resolveDecryption({ keys: pem }).keys[0]!);
 * usable.byAlgorithm.get('RSA-OAEP-256'); // a CryptoKey
 * ```
 */
export async function importDecryptionKey(spec: DecryptionKeySpec): Promise<UsableKey> {
  const { material, bits } = spec.key;
  const imports = new Map<string, Promise<Imported>>();
  let algorithms = spec.algorithms;
  if (typeof material === 'string') {
    const [as, key] = await importPem(spec, material);
    imports.set(as, Promise.resolve(key));
    algorithms = algorithms.filter((alg) => familyOf(alg) === familyOf(as));
  }
  const byAlgorithm = new Map<string, Imported>();
  for (const alg of algorithms) {
    const as = importAs(alg);
    if (!imports.has(as)) imports.set(as, load(material, as));
    const key = await imports.get(as)!.catch((cause: unknown) => {
      throw optionError(spec.option, 'could not be imported', { cause });
    });
    const { modulusLength } = (key as { algorithm?: { modulusLength?: number } }).algorithm ?? {};
    if (modulusLength !== undefined && modulusLength < 2048) {
      throw optionError(spec.option, 'is an RSA key under 2048 bits');
    }
    byAlgorithm.set(alg, key);
  }
  return Object.freeze({ kid: spec.kid, bits, enc: spec.enc, byAlgorithm });
}
