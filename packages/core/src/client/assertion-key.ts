/**
 * The signing key and JWS algorithm of `private_key_jwt` client assertions (RFC 7523),
 * from whichever form the caller holds: a CryptoKey, a Node KeyObject, a JWK or PKCS#8 PEM.
 */
import {
  importJWK,
  importPKCS8,
  type CryptoKey as JoseCryptoKey,
  type JWK,
  type KeyObject,
} from 'jose';

/** A private key for `private_key_jwt`: a WebCrypto key, a Node `KeyObject`, a private JWK, or PKCS#8 PEM. */
export type ClientPrivateKey = JoseCryptoKey | KeyObject | JWK | string;

/** A key ready for `SignJWT.sign`, its algorithm, and the `kid` to name in the header. */
export interface AssertionKey {
  readonly key: JoseCryptoKey | KeyObject | Uint8Array;
  readonly alg: string;
  readonly kid: string | undefined;
}

const CURVE_ALGS: Readonly<Record<string, string>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  Ed25519: 'EdDSA',
};

/**
 * The JWS algorithm a WebCrypto key implies: RSxxx or PSxxx by hash, ES256/384/512 by curve,
 * EdDSA for Ed25519; `undefined` for any other key.
 *
 * @example
 * ```ts
 * algorithmOfCryptoKey(ecdsaP256PrivateKey); // 'ES256'
 * ```
 */
export function algorithmOfCryptoKey(key: CryptoKey): string | undefined {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  const bits = algorithm.hash?.name.replace('SHA-', '');
  if (algorithm.name === 'RSASSA-PKCS1-v1_5') return `RS${bits}`;
  if (algorithm.name === 'RSA-PSS') return `PS${bits}`;
  if (algorithm.name === 'ECDSA') return CURVE_ALGS[algorithm.namedCurve ?? ''];
  return algorithm.name === 'Ed25519' ? 'EdDSA' : undefined;
}

function algOfKeyObject(key: {
  asymmetricKeyType?: string;
  asymmetricKeyDetails?: { namedCurve?: string };
}) {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  // Node names the NIST curves by their OpenSSL names.
  const nist: Record<string, string> = {
    prime256v1: 'P-256',
    secp384r1: 'P-384',
    secp521r1: 'P-521',
  };
  return key.asymmetricKeyType === 'ec' ? CURVE_ALGS[nist[curve ?? ''] ?? ''] : undefined;
}

/**
 * The JWS algorithm of a JWK: its `alg`, else RS256 for RSA, or what its curve implies.
 *
 * @example
 * ```ts
 * algorithmOfJwk({ kty: 'EC', crv: 'P-384', x, y, d }); // 'ES384'
 * ```
 */
export function algorithmOfJwk(jwk: JWK): string | undefined {
  return jwk.alg ?? (jwk.kty === 'RSA' ? 'RS256' : CURVE_ALGS[jwk.crv ?? '']);
}

function isCryptoKey(key: object): key is CryptoKey {
  return typeof CryptoKey !== 'undefined' && key instanceof CryptoKey;
}

const refuse = (why: string): never => {
  throw new TypeError(`createTokenClient: ${why}`);
};

/**
 * The JWS algorithm the assertion will use, checked at creation: a public or symmetric key
 * is a `TypeError` (`private_key_jwt` signs with a private key; `client_secret_jwt` is not
 * offered), as is a key whose algorithm cannot be told without `privateKeyAlg`.
 *
 * @example
 * ```ts
 * assertionAlgorithm(privateJwk, undefined); // 'ES256' for a P-256 JWK without `alg`
 * ```
 */
export function assertionAlgorithm(
  input: ClientPrivateKey,
  configuredAlg: string | undefined,
): string {
  if (typeof input === 'string')
    return configuredAlg ?? refuse('privateKeyAlg is required with a PEM privateKey');
  let implied: string | undefined;
  if (isCryptoKey(input)) {
    if (input.type !== 'private') refuse('privateKey must be a private key');
    implied = algorithmOfCryptoKey(input);
  } else if ('kty' in input) {
    const jwk = input as JWK;
    if (jwk.kty === 'oct' || jwk.d === undefined)
      refuse('privateKey must be a private asymmetric JWK');
    implied = algorithmOfJwk(jwk);
  } else {
    const keyObject = input as KeyObject & Parameters<typeof algOfKeyObject>[0];
    if (keyObject.type !== 'private') refuse('privateKey must be a private key');
    implied = algOfKeyObject(keyObject);
  }
  return configuredAlg ?? implied ?? refuse('privateKeyAlg is required for this key type');
}

/**
 * Turns the configured key, already checked by {@link assertionAlgorithm}, into an
 * {@link AssertionKey}; PEM and JWK are imported here (asynchronously, on first use).
 *
 * @example
 * ```ts
 * const { key, alg } = await loadAssertionKey(privateJwk, 'ES256');
 * ```
 */
export async function loadAssertionKey(
  input: ClientPrivateKey,
  alg: string,
): Promise<AssertionKey> {
  if (typeof input === 'string') return { key: await importPKCS8(input, alg), alg, kid: undefined };
  if (!isCryptoKey(input) && 'kty' in input) {
    const jwk = input as JWK;
    return { key: await importJWK(jwk, alg), alg, kid: jwk.kid };
  }
  return { key: input as JoseCryptoKey | KeyObject, alg, kid: undefined };
}
