/**
 * The algorithm allowlist (RFC 8725 §3.1): what is accepted by default, and the single
 * algorithm each key may be used with (RFC 8725 §3.10).
 */

/** Asymmetric JWS algorithms accepted by default: those jose verifies on every runtime. */
export const DEFAULT_ALGORITHMS = Object.freeze([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const);

/** HMAC algorithms, usable only with an explicit `secret` and never beside public keys. */
export const HMAC_ALGORITHMS = Object.freeze(['HS256', 'HS384', 'HS512'] as const);

const ASYMMETRIC = new Set<string>([...DEFAULT_ALGORITHMS, 'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87']);
const HMAC = new Set<string>(HMAC_ALGORITHMS);

/** True for HS256, HS384 and HS512. */
export const isHmacAlgorithm = (alg: string): boolean => HMAC.has(alg);
/** True for the asymmetric JWS algorithms jose knows. */
export const isAsymmetricAlgorithm = (alg: string): boolean => ASYMMETRIC.has(alg);

const EC_CURVE_ALG: Readonly<Record<string, string>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
};
const RSA_ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']);

/**
 * The one algorithm a JWK may verify: its own `alg` when present and allowed; else the
 * algorithm its curve names; for an RSA key without `alg`, the first RSA algorithm of the
 * allowlist. `undefined` for a key that fits none (it is left out of the set).
 * Ed25519 keys without `alg` answer `'EdDSA'`, the one algorithm both names denote.
 *
 * @example
 * ```ts
 * keyAlgorithm({ kty: 'EC', crv: 'P-256' }, ['ES256', 'RS256']); // 'ES256'
 * keyAlgorithm({ kty: 'RSA', alg: 'HS256' }, ['RS256']); // undefined
 * ```
 */
export function keyAlgorithm(
  jwk: { kty?: unknown; crv?: unknown; alg?: unknown },
  allowed: readonly string[],
): string | undefined {
  if (jwk.alg !== undefined) {
    if (typeof jwk.alg !== 'string') return undefined;
    if (allowed.includes(jwk.alg)) return jwk.alg;
    // `EdDSA` and `Ed25519` (RFC 9864) name the same signatures of an Ed25519 key: a key
    // published under one name serves an allowlist that holds the other.
    return isEd25519(jwk.alg) ? allowed.find(isEd25519) : undefined;
  }
  let implied: string | undefined;
  if (jwk.kty === 'EC' && typeof jwk.crv === 'string') implied = EC_CURVE_ALG[jwk.crv];
  else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    implied = allowed.includes('EdDSA') ? 'EdDSA' : 'Ed25519';
  } else if (jwk.kty === 'RSA') implied = allowed.find((alg) => RSA_ALGS.has(alg));
  return implied !== undefined && allowed.includes(implied) ? implied : undefined;
}

/** Smallest RSA modulus accepted for signatures (RFC 7518 §3.3, §3.5). */
export const MIN_RSA_MODULUS_BITS = 2048;

const HASH_OF: Readonly<Record<string, string>> = {
  '256': 'SHA-256',
  '384': 'SHA-384',
  '512': 'SHA-512',
};
const CURVE_OF: Readonly<Record<string, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
};

/**
 * True when `a` and `b` name the same signature algorithm: equal, or `EdDSA` and
 * `Ed25519`, the two names of Ed25519 signatures in JOSE.
 *
 * @example
 * ```ts
 * sameAlgorithm('EdDSA', 'Ed25519'); // true
 * ```
 */
export function sameAlgorithm(a: string, b: string): boolean {
  return a === b || (isEd25519(a) && isEd25519(b));
}

const isEd25519 = (alg: string) => alg === 'EdDSA' || alg === 'Ed25519';

/**
 * True when a public `CryptoKey` may verify `alg` (RFC 8725 §3.1): the key's own
 * algorithm, hash, curve and size must be those `alg` names. Both signature paths ask it,
 * so a key of another type, curve, size or scheme can never verify a token.
 *
 * @example
 * ```ts
 * keyFitsAlgorithm(rsaPkcs1Sha256Key, 'PS256'); // false: another scheme
 * ```
 */
export function keyFitsAlgorithm(key: CryptoKey, alg: string): boolean {
  if (key.type !== 'public' || !key.usages.includes('verify')) return false;
  const algorithm = key.algorithm as {
    name: string;
    hash?: { name: string };
    namedCurve?: string;
    modulusLength?: number;
  };
  const family = alg.slice(0, 2);
  if (family === 'RS' || family === 'PS') {
    return (
      algorithm.name === (family === 'RS' ? 'RSASSA-PKCS1-v1_5' : 'RSA-PSS') &&
      algorithm.hash?.name === HASH_OF[alg.slice(2)] &&
      (algorithm.modulusLength ?? 0) >= MIN_RSA_MODULUS_BITS
    );
  }
  if (family === 'ES') return algorithm.name === 'ECDSA' && algorithm.namedCurve === CURVE_OF[alg];
  if (isEd25519(alg)) return algorithm.name === 'Ed25519';
  return alg.startsWith('ML-DSA-') && algorithm.name === alg;
}
