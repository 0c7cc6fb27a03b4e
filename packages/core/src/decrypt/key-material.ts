/**
 * What a decryption key is, read synchronously at start-up: its family, length and bindings.
 * Obviously wrong keys (public halves, signing keys, non-PKCS#8 PEM) fail here, before any
 * token arrives. Nothing here imports `node:crypto`: a Node `KeyObject` is read structurally.
 */
import { base64url, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { optionError } from '../options/option-error.js';
import type { KeyFamily } from './algorithms.js';

/** A private key, or a secret, as a user may hold it. */
export type DecryptionKeyMaterial = CryptoKey | KeyObject | JWK | string;

/** A key's material as the decrypter holds it, with what fixes the algorithms it may serve. */
export interface KeyMaterial {
  /** A `CryptoKey`, a private JWK (a `KeyObject` is exported to one) or a PKCS#8 PEM. */
  readonly material: CryptoKey | JWK | string;
  /** `undefined` for a PEM: known once jose has imported it. */
  readonly family: KeyFamily | undefined;
  /** The length of a secret, in bits. */
  readonly bits?: number;
  /** The RSA-OAEP hash a `CryptoKey` is bound to. */
  readonly hash?: string;
  /** The WebCrypto algorithm a secret `CryptoKey` is bound to. */
  readonly subtle?: string;
  /** The JWK's own `kid` and `alg`. */
  readonly kid?: unknown;
  readonly alg?: unknown;
}

const CURVES: Readonly<Record<string, ReadonlySet<string>>> = {
  EC: new Set(['P-256', 'P-384', 'P-521']),
  OKP: new Set(['X25519']),
};
const PRIVATE_PEM = '-----BEGIN PRIVATE KEY-----';
// The operations by which jose decrypts, unwraps or derives with a key (RFC 7517 §4.3).
const DECRYPTING_OPS = ['decrypt', 'unwrapKey', 'deriveBits', 'deriveKey'];

const tagOf = (value: object): unknown =>
  (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];

function fromCryptoKey(key: CryptoKey, option: string): KeyMaterial {
  if (key.type === 'public')
    throw optionError(option, 'is a public key; decryption needs the private key');
  const algorithm = key.algorithm as {
    name: string;
    hash?: { name: string };
    length?: number;
    modulusLength?: number;
  };
  const need = (usage: KeyUsage) => {
    if (!key.usages.includes(usage))
      throw optionError(option, `is a CryptoKey without the "${usage}" usage`);
  };
  switch (algorithm.name) {
    case 'RSA-OAEP':
      need('decrypt');
      // RFC 7518 §4.3 requires 2048 bits or more (jose would refuse the key at every token).
      if ((algorithm.modulusLength ?? 0) < 2048)
        throw optionError(option, 'is an RSA key under 2048 bits');
      return { material: key, family: 'RSA', hash: algorithm.hash?.name };
    case 'ECDH':
    case 'X25519':
      need('deriveBits');
      return { material: key, family: 'EC' };
    case 'AES-GCM':
    case 'AES-KW':
      need(algorithm.name === 'AES-KW' ? 'unwrapKey' : 'decrypt');
      return { material: key, family: 'oct', bits: algorithm.length, subtle: algorithm.name };
    default:
      throw optionError(
        option,
        `is a CryptoKey for ${algorithm.name}, which no JWE algorithm uses`,
      );
  }
}

// Node's `KeyObject.export({ format: 'jwk' })` is synchronous, and a JWK is what jose's
// WebCrypto path imports on every runtime.
function fromKeyObject(key: KeyObject, option: string): KeyMaterial {
  if (key.type === 'public')
    throw optionError(option, 'is a public key; decryption needs the private key');
  const exportable = key as KeyObject & { export(options: { format: 'jwk' }): JWK };
  let jwk: JWK;
  try {
    jwk = exportable.export({ format: 'jwk' });
  } catch {
    throw optionError(option, 'is a KeyObject of a type no JWE algorithm uses');
  }
  return fromJwk(jwk, option);
}

function fromPem(pem: string, option: string): KeyMaterial {
  const text = pem.trim();
  if (text.startsWith(PRIVATE_PEM)) return { material: text, family: undefined };
  if (/-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE)-----/.test(text)) {
    throw optionError(option, 'is a public key; decryption needs the private key');
  }
  throw optionError(
    option,
    'must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), unencrypted; convert PKCS#1 or SEC1 with `openssl pkcs8 -topk8 -nocrypt`',
  );
}

function fromJwk(jwk: JWK, option: string): KeyMaterial {
  const { use, key_ops: ops, kty, crv } = jwk;
  if (use !== undefined && use !== 'enc')
    throw optionError(option, 'is a JWK whose "use" is not "enc"');
  if (ops !== undefined && !(Array.isArray(ops) && ops.some((op) => DECRYPTING_OPS.includes(op)))) {
    throw optionError(option, 'is a JWK whose "key_ops" allow no decryption');
  }
  // Only the members WebCrypto needs: `alg`, `use`, `key_ops` and `ext` were read above, and
  // jose would freeze the caller's object.
  const { alg, kid, use: _use, key_ops: _ops, ext: _ext, ...material } = jwk;
  if (kty === 'oct') {
    if (typeof jwk.k !== 'string' || jwk.k === '')
      throw optionError(option, 'is an "oct" JWK without "k"');
    return { material, family: 'oct', bits: base64url.decode(jwk.k).byteLength * 8, kid, alg };
  }
  const curves = kty === 'EC' || kty === 'OKP' ? CURVES[kty] : undefined;
  if (kty !== 'RSA' && !curves?.has(crv as string)) {
    throw optionError(option, 'is a JWK of a key type or curve no JWE algorithm uses');
  }
  if (typeof jwk.d !== 'string')
    throw optionError(option, 'is a public JWK; decryption needs the private key (with "d")');
  return { material, family: kty === 'RSA' ? 'RSA' : 'EC', kid, alg };
}

/**
 * Reads one key synchronously. Throws a `TypeError` naming `option` for a public key, a key
 * no JWE algorithm uses, or a PEM that is not an unencrypted PKCS#8 private key.
 *
 * @example
 * ```ts
 * describeKeyMaterial(privateJwk, 'decryption.keys[0]'); // { family: 'EC', material: {…}, … }
 * describeKeyMaterial(publicJwk, 'decryption.keys[0]'); // throws TypeError
 * ```
 */
export function describeKeyMaterial(key: unknown, option: string): KeyMaterial {
  if (typeof key === 'string') return fromPem(key, option);
  if (typeof key === 'object' && key !== null) {
    const tag = tagOf(key);
    if (tag === 'CryptoKey') return fromCryptoKey(key as CryptoKey, option);
    if (tag === 'KeyObject') return fromKeyObject(key as KeyObject, option);
    if (typeof (key as JWK).kty === 'string') return fromJwk(key as JWK, option);
  }
  throw optionError(
    option,
    'must be a CryptoKey, a KeyObject, a private JWK or a PKCS#8 PEM string',
  );
}
