/**
 * One configured decryption key: its `kid`, and the key management algorithms it may serve
 * (RFC 8725 §3.1: a key is only used with algorithms it was meant for).
 */
import type { CryptoKey, JWK, KeyObject } from 'jose';
import { optionError } from '../options/option-error.js';
import { contentKeyBits, keyManagementRow } from './algorithms.js';
import {
  type DecryptionKeyMaterial,
  describeKeyMaterial,
  type KeyMaterial,
} from './key-material.js';

/**
 * A resource server's private key (or shared secret) for decrypting tokens: a `CryptoKey`,
 * a Node `KeyObject`, a private JWK (its `kid` and `alg` count), a PKCS#8 PEM string, or
 * any of these with a `kid` and an `alg` of your choosing. A key with an `alg` serves only
 * that algorithm; without one, every allowed algorithm its type fits.
 *
 * @example
 * ```ts
 * const keys: DecryptionKeyInput[] = [
 *   privateJwk, // { kty: 'EC', crv: 'P-256', d: '…', kid: 'enc-1', … }
 *   { kid: 'enc-2', key: process.env.ENC_KEY_PEM!, alg: 'RSA-OAEP-256' },
 * ];
 * ```
 */
export type DecryptionKeyInput =
  | DecryptionKeyMaterial
  | {
      /** The `kid` tokens name this key by. Default: the JWK's own `kid`, if any. */
      readonly kid?: string;
      readonly key: CryptoKey | KeyObject | JWK | string;
      /** The one key management algorithm this key serves. Default: every allowed one it fits. */
      readonly alg?: string;
    };

/** A key after start-up validation: what the decrypter imports and chooses among. */
export interface DecryptionKeySpec {
  /** The option that names this key in errors, e.g. `decryption.keys[1]`. */
  readonly option: string;
  readonly kid: string | undefined;
  readonly key: KeyMaterial;
  /** The allowed key management algorithms this key serves, in allowlist order. */
  readonly algorithms: readonly string[];
  /** The one `enc` a `dir` key serves, when its `alg` names one (WebCrypto exports AES-GCM keys so). */
  readonly enc?: string | undefined;
}

/** The allowlists a key is checked against. */
export interface Allowlists {
  readonly keyManagementAlgorithms: readonly string[];
  readonly contentEncryptionAlgorithms: readonly string[];
}

const isWrapper = (input: unknown): input is { kid?: unknown; key: unknown; alg?: unknown } =>
  typeof input === 'object' &&
  input !== null &&
  Object.hasOwn(input, 'key') &&
  !Object.hasOwn(input, 'kty');

// One of a wrapper's member and the JWK's own: both may be given only when they agree.
function agreed(
  option: string,
  member: string,
  outer: unknown,
  inner: unknown,
): string | undefined {
  if (outer !== undefined && inner !== undefined && outer !== inner) {
    throw optionError(option, `gives two different "${member}" values (its own and its JWK's)`);
  }
  const value = outer ?? inner;
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    throw optionError(`${option}.${member}`, 'must be a non-empty string');
  }
  return value;
}

/**
 * Whether a key can serve key management algorithm `alg` (with one of the allowed `enc`s,
 * for `dir`, whose key is the content key itself: RFC 7518 §4.5).
 *
 * @example
 * ```ts
 * fits(describeKeyMaterial(rsaJwk, 'k'), 'RSA-OAEP-256', ['A256GCM']); // true
 * ```
 */
export function fits(key: KeyMaterial, alg: string, encs: readonly string[]): boolean {
  const row = keyManagementRow(alg);
  if (row === undefined) return false;
  // A PEM's type is known only once imported: RSA and EC algorithms remain possible.
  if (key.family === undefined) return row.family !== 'oct';
  if (row.family !== key.family) return false;
  if (row.hash !== undefined && key.hash !== undefined) return row.hash === key.hash;
  if (row.family !== 'oct') return true;
  if (key.subtle !== undefined && key.subtle !== row.subtle) return false;
  if (alg !== 'dir') return row.bits === key.bits;
  // A secret CryptoKey works with AES-GCM only: AES-CBC-HMAC splits raw key bytes.
  return encs.some(
    (enc) => contentKeyBits(enc) === key.bits && (key.subtle === undefined || enc.endsWith('GCM')),
  );
}

/**
 * Validates one configured key. Throws a `TypeError` naming `option` for an unusable key, a
 * bad `kid` or `alg`, or a key that fits no allowed algorithm.
 *
 * @example
 * ```ts
 * describeDecryptionKey({ kid: 'enc-1', key: pem }, 'decryption.keys[0]', allowlists);
 * ```
 */
export function describeDecryptionKey(
  input: unknown,
  option: string,
  allowed: Allowlists,
): DecryptionKeySpec {
  const wrapper = isWrapper(input) ? input : undefined;
  const key = describeKeyMaterial(
    wrapper ? wrapper.key : input,
    wrapper ? `${option}.key` : option,
  );
  const kid = agreed(option, 'kid', wrapper?.kid, key.kid);
  const alg = agreed(option, 'alg', wrapper?.alg, key.alg);
  const { keyManagementAlgorithms: algs, contentEncryptionAlgorithms: encs } = allowed;
  // An `alg` naming a content encryption (`A256GCM`) pins a `dir` key to that `enc`.
  const enc = alg !== undefined && contentKeyBits(alg) !== undefined ? alg : undefined;
  const pinned = enc === undefined ? alg : 'dir';
  if (pinned !== undefined && !algs.includes(pinned)) {
    throw optionError(
      option,
      `is for ${pinned}, which decryption.keyManagementAlgorithms does not allow`,
    );
  }
  if (enc !== undefined && !encs.includes(enc)) {
    throw optionError(
      option,
      `is for ${enc}, which decryption.contentEncryptionAlgorithms does not allow`,
    );
  }
  const fitting = (pinned === undefined ? algs : [pinned]).filter((name) =>
    fits(key, name, enc === undefined ? encs : [enc]),
  );
  if (fitting.length === 0) {
    throw optionError(
      option,
      'fits no allowed key management algorithm (by its type, size or alg)',
    );
  }
  return Object.freeze({ option, kid, key, algorithms: Object.freeze(fitting), enc });
}
