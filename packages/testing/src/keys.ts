/** Signing keys of the test issuer: generated at start, never written to disk. */
import { exportJWK, generateKeyPair, type JWK } from 'jose';

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

/**
 * Generates a key for `alg`, published with `kid`, `alg` and `use: sig`.
 *
 * @example
 * ```ts
 * const key = await generateTestKey('ES256', 'es256-1');
 * ```
 */
export async function generateTestKey(alg: TestAlgorithm, kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk };
}
