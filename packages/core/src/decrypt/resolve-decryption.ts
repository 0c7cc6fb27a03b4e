/**
 * The options of token decryption (JWE, RFC 7516; nested JWT, RFC 7519 §5.2), validated
 * once at start-up: every mistake is a `TypeError` naming the option, never a per-request
 * failure.
 */
import { optionError } from '../options/option-error.js';
import { resolveAllowlist } from './algorithms.js';
import {
  type Allowlists,
  type DecryptionKeyInput,
  type DecryptionKeySpec,
  describeDecryptionKey,
} from './decryption-key.js';

/** How encrypted tokens are decrypted. */
export interface DecryptionOptions {
  /**
   * The resource server's private keys (or shared secrets). A token whose header names a
   * `kid` is decrypted with the key of that `kid` only; a token without one is tried with
   * the first three keys that fit its algorithm, in this order.
   */
  readonly keys: DecryptionKeyInput | readonly DecryptionKeyInput[];
  /**
   * Accepted JWE `alg` values. Default {@link DEFAULT_KEY_MANAGEMENT_ALGORITHMS}. `RSA1_5`
   * and `PBES2-*` are refused even when listed.
   */
  readonly keyManagementAlgorithms?: readonly string[];
  /** Accepted JWE `enc` values. Default {@link DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS}. */
  readonly contentEncryptionAlgorithms?: readonly string[];
}

/** Decryption options after validation, with defaults filled in; what the decrypter uses. */
export interface ResolvedDecryption extends Allowlists {
  readonly keys: readonly DecryptionKeySpec[];
}

/**
 * Validates decryption options. Throws a `TypeError` naming the option (`decryption.keys`,
 * `decryption.keys[1]`, `decryption.keyManagementAlgorithms`, …) for: no keys; a public key;
 * a key that fits no allowed algorithm; a PEM that is not a PKCS#8 private key; two keys
 * with one `kid`; an empty allowlist, or one naming RSA1_5, PBES2 or an unknown algorithm.
 * Keys given as PEM or JWK are imported later, once, by the decrypter.
 *
 * @example
 * ```ts
 * const decryption = resolveDecryption({ keys: [{ kid: 'enc-1', key: privateJwk }] });
 * const decrypt = createTokenDecrypter(decryption);
 * ```
 */
export function resolveDecryption(options: unknown): ResolvedDecryption {
  if (typeof options !== 'object' || options === null) {
    throw optionError('decryption', 'must be an object with `keys`');
  }
  const { keys, keyManagementAlgorithms, contentEncryptionAlgorithms } =
    options as Partial<DecryptionOptions>;
  const allowed: Allowlists = {
    keyManagementAlgorithms: resolveAllowlist('keyManagementAlgorithms', keyManagementAlgorithms),
    contentEncryptionAlgorithms: resolveAllowlist(
      'contentEncryptionAlgorithms',
      contentEncryptionAlgorithms,
    ),
  };
  if (keys === undefined || keys === null) throw optionError('decryption.keys', 'is required');
  const list: readonly unknown[] = Array.isArray(keys) ? keys : [keys];
  if (list.length === 0) throw optionError('decryption.keys', 'must hold at least one key');
  const specs = list.map((key, i) =>
    describeDecryptionKey(
      key,
      Array.isArray(keys) ? `decryption.keys[${i}]` : 'decryption.keys',
      allowed,
    ),
  );
  const kids = new Set<string>();
  for (const { kid, option } of specs) {
    if (kid === undefined) continue;
    // The `kid` is how a token picks its key: two keys under one would make it ambiguous.
    if (kids.has(kid)) throw optionError(option, 'repeats the kid of another key');
    kids.add(kid);
  }
  return Object.freeze({ ...allowed, keys: Object.freeze(specs) });
}
