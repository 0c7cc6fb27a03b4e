/** Signing keys of the test issuer: generated at start, never written to disk. */
import { type CryptoKey, exportJWK, generateKeyPair, type JWK } from 'jose';

/** The signature algorithms the test issuer signs with. */
export type TestAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA';

/** One signing key: its private half, and its public JWK as published. */
export interface TestKey {
  readonly alg: TestAlgorithm;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Options of {@link generateTestKey}. */
export interface TestKeyOptions {
  /**
   * RSA modulus in bits (RS256 and PS256 only). Default 2048. Smaller sizes, which jose
   * refuses to generate, are made with WebCrypto: for tests that verifiers refuse weak keys.
   */
  readonly modulusLength?: number;
}

const RSA_WEBCRYPTO: Readonly<Record<string, string>> = {
  RS256: 'RSASSA-PKCS1-v1_5',
  PS256: 'RSA-PSS',
};

async function generatePair(alg: TestAlgorithm, modulusLength: number | undefined) {
  const name = RSA_WEBCRYPTO[alg];
  if (modulusLength === undefined) return generateKeyPair(alg, { extractable: true });
  if (!name) throw new TypeError(`generateTestKey: modulusLength applies to RSA only (got ${alg})`);
  const params = {
    name,
    modulusLength,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
  return crypto.subtle.generateKey(params, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/**
 * Generates a key for `alg`, published with `kid`, `alg` and `use: sig`.
 *
 * @example
 * ```ts
 * const key = await generateTestKey('ES256', 'es256-1');
 * const weak = await generateTestKey('RS256', 'weak', { modulusLength: 1024 });
 * ```
 */
export async function generateTestKey(
  alg: TestAlgorithm,
  kid: string,
  options: TestKeyOptions = {},
): Promise<TestKey> {
  const { privateKey, publicKey } = await generatePair(alg, options.modulusLength);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk };
}
