/**
 * Encrypted tokens for tests: a resource server's encryption key, and a signed token
 * wrapped in a compact JWE (RFC 7516) as a nested JWT (RFC 7519 §5.2).
 */
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  generateSecret,
  type JWK,
  type KeyObject,
} from 'jose';

/** The key management algorithms {@link generateEncryptionKey} makes keys for. */
export type EncryptionAlgorithm =
  | 'RSA-OAEP-256'
  | 'ECDH-ES'
  | 'ECDH-ES+A128KW'
  | 'ECDH-ES+A192KW'
  | 'ECDH-ES+A256KW'
  | 'dir';

/** Options of {@link generateEncryptionKey}. */
export interface EncryptionKeyOptions {
  /** The key id. Default: `enc-` and eight random hex digits. */
  readonly kid?: string;
  /** The curve of an ECDH-ES key. Default `'P-256'`. */
  readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'X25519';
  /** The content encryption a `dir` secret is for, which sets its length. Default `'A256GCM'`. */
  readonly enc?: 'A128GCM' | 'A192GCM' | 'A256GCM';
}

/**
 * A resource server's encryption key. For `dir` it is one secret, given as both halves.
 * Both JWKs carry `kid`, `alg` and `use: "enc"`.
 */
export interface EncryptionKey {
  readonly alg: EncryptionAlgorithm;
  readonly kid: string;
  /** What issuers encrypt to. */
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
  /** What the resource server decrypts with. */
  readonly privateKey: CryptoKey;
  readonly privateJwk: JWK;
}

/**
 * Generates an extractable encryption key pair (or, for `dir`, a secret).
 *
 * @example
 * ```ts
 * const key = await generateEncryptionKey('ECDH-ES', { crv: 'X25519' });
 * const decryption = { keys: [key.privateJwk] };
 * ```
 */
export async function generateEncryptionKey(
  alg: EncryptionAlgorithm = 'RSA-OAEP-256',
  options: EncryptionKeyOptions = {},
): Promise<EncryptionKey> {
  const kid = options.kid ?? `enc-${crypto.randomUUID().slice(0, 8)}`;
  const { publicKey, privateKey } =
    alg === 'dir'
      ? await generateSecret(options.enc ?? 'A256GCM', { extractable: true }).then((secret) => ({
          publicKey: secret as CryptoKey,
          privateKey: secret as CryptoKey,
        }))
      : await generateKeyPair(alg, { crv: options.crv, extractable: true });
  const members = { kid, alg, use: 'enc' };
  const publicJwk = { ...(await exportJWK(publicKey)), ...members };
  const privateJwk = { ...(await exportJWK(privateKey)), ...members };
  return { alg, kid, publicKey, publicJwk, privateKey, privateJwk };
}

/** Options of {@link encryptToken}. */
export interface EncryptTokenOptions {
  /** The recipient's public key, or the shared secret (a private JWK's public members are used). */
  readonly key: CryptoKey | KeyObject | JWK;
  /** Key management algorithm. Default: the JWK's `alg`, else by key type (RSA-OAEP-256, ECDH-ES, dir, AnnnKW). */
  readonly alg?: string;
  /** Content encryption algorithm. Default `'A256GCM'`. */
  readonly enc?: string;
  /** The header's `kid`. Default: the JWK's `kid`, if any. */
  readonly kid?: string;
  /**
   * Protected header fields to add or override, for negative tests: `{ cty: 'json' }`,
   * `{ zip: 'DEF' }` (really compresses), `{ crit: ['x'], x: 1 }`, `{ kid: undefined }`.
   */
  readonly header?: Record<string, unknown>;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];
const RSA_BY_HASH: Readonly<Record<string, string>> = {
  'SHA-1': 'RSA-OAEP',
  'SHA-256': 'RSA-OAEP-256',
  'SHA-384': 'RSA-OAEP-384',
  'SHA-512': 'RSA-OAEP-512',
};

function algorithmOf(key: CryptoKey | KeyObject | JWK): string | undefined {
  const tag = (key as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  if (tag === 'CryptoKey') {
    const { name, hash, length } = (key as CryptoKey).algorithm as {
      name: string;
      hash?: { name: string };
      length?: number;
    };
    if (name === 'RSA-OAEP') return RSA_BY_HASH[hash?.name ?? ''];
    if (name === 'ECDH' || name === 'X25519') return 'ECDH-ES';
    return name === 'AES-KW' ? `A${length}KW` : name === 'AES-GCM' ? 'dir' : undefined;
  }
  if (tag === 'KeyObject') {
    const { type, asymmetricKeyType } = key as KeyObject & { asymmetricKeyType?: string };
    if (type === 'secret') return 'dir';
    return asymmetricKeyType === 'rsa' ? 'RSA-OAEP-256' : 'ECDH-ES';
  }
  const jwk = key as JWK;
  if (typeof jwk.alg === 'string') return jwk.alg;
  return jwk.kty === 'RSA' ? 'RSA-OAEP-256' : jwk.kty === 'oct' ? 'dir' : 'ECDH-ES';
}

// A copy of a JWK with only what jose encrypts with: jose freezes the object it is given,
// and would refuse a private JWK, or a `dir` secret whose `alg` is not the `enc`.
function encryptingKey(key: CryptoKey | KeyObject | JWK): CryptoKey | KeyObject | JWK {
  const tag = (key as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  if (tag === 'CryptoKey' || tag === 'KeyObject') return key;
  const { alg: _alg, use: _use, key_ops: _ops, ext: _ext, ...jwk } = key as JWK;
  if (jwk.kty === 'oct') return jwk;
  return Object.fromEntries(
    Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)),
  );
}

/**
 * Encrypts a signed token to `key`, as an issuer that encrypts access tokens does: a compact
 * JWE with `cty: "JWT"`.
 *
 * @example
 * ```ts
 * const key = await generateEncryptionKey('RSA-OAEP-256');
 * const token = await encryptToken(await issuer.mint(), { key: key.publicJwk });
 * const zipped = await encryptToken(jws, { key: key.publicKey, header: { zip: 'DEF' } });
 * ```
 */
export async function encryptToken(jws: string, options: EncryptTokenOptions): Promise<string> {
  const { key, header = {} } = options;
  const alg = options.alg ?? algorithmOf(key);
  if (alg === undefined)
    throw new TypeError('encryptToken: give `alg`; the key does not imply one');
  const kid = options.kid ?? (key as JWK).kid;
  const protectedHeader = { alg, enc: options.enc ?? 'A256GCM', cty: 'JWT', kid, ...header };
  const critical = Array.isArray(header.crit) ? (header.crit as unknown[]) : [];
  // jose refuses to produce a `crit` it does not know unless told the names are understood.
  const crit = Object.fromEntries(critical.map((name) => [String(name), true]));
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader(protectedHeader as CompactJWEHeaderParameters)
    .encrypt(encryptingKey(key), { crit });
}
