/**
 * The JWE algorithm allowlists (RFC 7518 §4, §5): what is accepted by default, what may be
 * allowed, what is refused whatever the configuration says, and which key each one needs.
 */
import { optionError } from '../options/option-error.js';

/**
 * Key management algorithms accepted by default: RSA-OAEP with SHA-256, ECDH-ES with or
 * without AES key wrap, and a shared content key (`dir`).
 *
 * @example
 * ```ts
 * resolveDecryption({ keys, keyManagementAlgorithms: ['RSA-OAEP-256'] }); // narrower
 * DEFAULT_KEY_MANAGEMENT_ALGORITHMS.includes('ECDH-ES'); // true
 * ```
 */
export const DEFAULT_KEY_MANAGEMENT_ALGORITHMS: readonly string[] = Object.freeze([
  'RSA-OAEP-256',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
  'dir',
]);

/**
 * Content encryption algorithms accepted by default: AES-GCM.
 *
 * @example
 * ```ts
 * DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS.includes('A256GCM'); // true
 * ```
 */
export const DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS: readonly string[] = Object.freeze([
  'A128GCM',
  'A192GCM',
  'A256GCM',
]);

/** The kind of key an algorithm needs: RSA, an elliptic-curve one (P-*, X25519), or a secret. */
export type KeyFamily = 'RSA' | 'EC' | 'oct';

/** What a key management algorithm needs of its key. */
export interface KeyManagementRow {
  readonly family: KeyFamily;
  /** RSA-OAEP: the hash WebCrypto binds the key to. */
  readonly hash?: string;
  /** AES key wrap: the key length in bits, and the WebCrypto algorithm of a `CryptoKey`. */
  readonly bits?: number;
  readonly subtle?: 'AES-KW' | 'AES-GCM';
}

const KEY_MANAGEMENT: ReadonlyMap<string, KeyManagementRow> = new Map(
  Object.entries({
    'RSA-OAEP': { family: 'RSA', hash: 'SHA-1' },
    'RSA-OAEP-256': { family: 'RSA', hash: 'SHA-256' },
    'RSA-OAEP-384': { family: 'RSA', hash: 'SHA-384' },
    'RSA-OAEP-512': { family: 'RSA', hash: 'SHA-512' },
    'ECDH-ES': { family: 'EC' },
    'ECDH-ES+A128KW': { family: 'EC' },
    'ECDH-ES+A192KW': { family: 'EC' },
    'ECDH-ES+A256KW': { family: 'EC' },
    A128KW: { family: 'oct', bits: 128, subtle: 'AES-KW' },
    A192KW: { family: 'oct', bits: 192, subtle: 'AES-KW' },
    A256KW: { family: 'oct', bits: 256, subtle: 'AES-KW' },
    A128GCMKW: { family: 'oct', bits: 128, subtle: 'AES-GCM' },
    A192GCMKW: { family: 'oct', bits: 192, subtle: 'AES-GCM' },
    A256GCMKW: { family: 'oct', bits: 256, subtle: 'AES-GCM' },
    // The key length of `dir` is the content key's: it depends on `enc` (RFC 7518 §4.5).
    dir: { family: 'oct', subtle: 'AES-GCM' },
  } satisfies Record<string, KeyManagementRow>),
);

// Content key length in bits (RFC 7518 §5.2.3-5.2.5, §5.3).
const CONTENT_KEY_BITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    A128GCM: 128,
    A192GCM: 192,
    A256GCM: 256,
    'A128CBC-HS256': 256,
    'A192CBC-HS384': 384,
    'A256CBC-HS512': 512,
  }),
);

/**
 * Why a key management algorithm is refused even when listed; `undefined` for one that is
 * not. RSA1_5: PKCS #1 v1.5 decryption is a padding oracle (Bleichenbacher 1998, ROBOT 2017;
 * RFC 8725 §3.2). PBES2: a password-derived key, and the token itself sets the PBKDF2
 * iteration count (`p2c`), so one token can cost any CPU time. The first of two layers at
 * start-up: neither is in the algorithm table, so {@link resolveAllowlist} would still refuse
 * them as unknown were this check lost.
 *
 * @example
 * ```ts
 * refusalOf('RSA1_5'); // 'is refused: RSA1_5 decryption is a padding oracle (Bleichenbacher)'
 * refusalOf('RSA-OAEP-256'); // undefined
 * ```
 */
export function refusalOf(alg: string): string | undefined {
  if (alg === 'RSA1_5') return 'is refused: RSA1_5 decryption is a padding oracle (Bleichenbacher)';
  if (alg.startsWith('PBES2')) {
    return 'is refused: PBES2 is password-based and lets a token set its PBKDF2 iteration count';
  }
  return undefined;
}

/**
 * What the key management algorithm `alg` needs of its key; `undefined` for an unknown name.
 *
 * @example
 * ```ts
 * keyManagementRow('RSA-OAEP-256'); // { family: 'RSA', hash: 'SHA-256' }
 * keyManagementRow('RSA1_5'); // undefined
 * ```
 */
export function keyManagementRow(alg: string): KeyManagementRow | undefined {
  return KEY_MANAGEMENT.get(alg);
}

/**
 * The content key length of `enc` in bits; `undefined` for an unknown name.
 *
 * @example
 * ```ts
 * contentKeyBits('A256GCM'); // 256
 * ```
 */
export function contentKeyBits(enc: string): number | undefined {
  return CONTENT_KEY_BITS.get(enc);
}

const TABLES = {
  keyManagementAlgorithms: [KEY_MANAGEMENT, DEFAULT_KEY_MANAGEMENT_ALGORITHMS],
  contentEncryptionAlgorithms: [CONTENT_KEY_BITS, DEFAULT_CONTENT_ENCRYPTION_ALGORITHMS],
} as const;

/**
 * Validates an allowlist option, or returns its default when it is `undefined`. Throws a
 * `TypeError` naming the option for anything but a non-empty array of known, acceptable names.
 *
 * @example
 * ```ts
 * resolveAllowlist('contentEncryptionAlgorithms', undefined); // ['A128GCM', 'A192GCM', 'A256GCM']
 * resolveAllowlist('keyManagementAlgorithms', ['RSA1_5']); // throws TypeError
 * ```
 */
export function resolveAllowlist(option: keyof typeof TABLES, value: unknown): readonly string[] {
  const [table, defaults] = TABLES[option];
  const name = `decryption.${option}`;
  if (value === undefined) return defaults;
  if (!Array.isArray(value) || value.length === 0) {
    throw optionError(name, 'must be a non-empty array of algorithm names');
  }
  for (const alg of value) {
    if (typeof alg !== 'string') throw optionError(name, 'must hold strings only');
    const refused = option === 'keyManagementAlgorithms' ? refusalOf(alg) : undefined;
    if (refused !== undefined) throw optionError(name, `names ${alg}, which ${refused}`);
    if (!table.has(alg)) throw optionError(name, `names an unknown algorithm: ${alg}`);
  }
  return Object.freeze([...new Set<string>(value)]);
}
