/**
 * Which of our keys may decrypt a token: the one its `kid` names, else a few that fit.
 */
import { contentKeyBits } from './algorithms.js';
import type { UsableKey } from './import-keys.js';

/**
 * How many keys a token without `kid` is tried with. Trial decryption costs one key
 * agreement or RSA decryption per key, so a token cannot make us try a long list; keys
 * beyond the first few that fit must be named by `kid`.
 */
export const MAX_KEYS_WITHOUT_KID = 3;

/** The header members that choose a key, already checked to be strings (or absent). */
export interface KeyChoice {
  readonly alg: string;
  readonly enc: string;
  readonly kid?: string | undefined;
}

// A `dir` key is the content key itself (RFC 7518 §4.5): its length must be the `enc`'s.
const serves = (key: UsableKey, { alg, enc }: KeyChoice): boolean =>
  key.byAlgorithm.has(alg) &&
  (alg !== 'dir' || (key.bits === contentKeyBits(enc) && (key.enc ?? enc) === enc));

/**
 * The keys to try, in order: with a `kid`, the key of that `kid` if it serves the token's
 * `alg` (no other key: RFC 7516 §4.1.6 names the key); without, the first
 * {@link MAX_KEYS_WITHOUT_KID} keys that serve it. Empty when none does.
 *
 * @example
 * ```ts
 * selectKeys(keys, { alg: 'ECDH-ES', enc: 'A256GCM', kid: 'enc-2' }); // [the 'enc-2' key]
 * ```
 */
export function selectKeys(keys: readonly UsableKey[], choice: KeyChoice): readonly UsableKey[] {
  if (choice.kid !== undefined) {
    const named = keys.find((key) => key.kid === choice.kid);
    return named !== undefined && serves(named, choice) ? [named] : [];
  }
  return keys.filter((key) => serves(key, choice)).slice(0, MAX_KEYS_WITHOUT_KID);
}
