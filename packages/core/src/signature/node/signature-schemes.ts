/**
 * How `node:crypto` verifies each JWS algorithm (RFC 7518 §3), and the `KeyObject` input
 * each imported key is converted to once.
 */
import type { NodeCrypto, NodeKeyObject } from './node-crypto.js';

/** The digest and options of one algorithm's `crypto.verify` call. */
export interface SignatureScheme {
  readonly hash: string | null;
  readonly options: Readonly<Record<string, unknown>>;
}

/** The key input `crypto.verify` takes: a KeyObject with the scheme's options. */
export interface KeyInput {
  readonly key: NodeKeyObject;
}

/**
 * The scheme table for this `node:crypto`.
 *
 * @example
 * ```ts
 * const schemes = signatureSchemes(nodeCrypto);
 * schemes.PS256; // { hash: 'sha256', options: { padding: RSA_PKCS1_PSS_PADDING, saltLength: 32 } }
 * ```
 */
export function signatureSchemes(
  nodeCrypto: NodeCrypto,
): Readonly<Record<string, SignatureScheme>> {
  const pss = (saltLength: number) => ({
    padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
    saltLength,
  });
  const ieee = { dsaEncoding: 'ieee-p1363' };
  return {
    RS256: { hash: 'sha256', options: {} },
    RS384: { hash: 'sha384', options: {} },
    RS512: { hash: 'sha512', options: {} },
    PS256: { hash: 'sha256', options: pss(32) },
    PS384: { hash: 'sha384', options: pss(48) },
    PS512: { hash: 'sha512', options: pss(64) },
    ES256: { hash: 'sha256', options: ieee },
    ES384: { hash: 'sha384', options: ieee },
    ES512: { hash: 'sha512', options: ieee },
    EdDSA: { hash: null, options: {} },
    Ed25519: { hash: null, options: {} },
  };
}

/**
 * Converts keys to `crypto.verify` inputs, each once: the conversion costs more than a
 * verify. A key fits one algorithm (checked before), so one input per key suffices.
 *
 * @example
 * ```ts
 * const keyInputOf = createKeyInputs(nodeCrypto);
 * nodeCrypto.verify('sha256', data, keyInputOf(cryptoKey, schemes.RS256), signature);
 * ```
 */
export function createKeyInputs(
  nodeCrypto: NodeCrypto,
): (key: CryptoKey, scheme: SignatureScheme) => KeyInput {
  const inputs = new WeakMap<CryptoKey, KeyInput>();
  return (key, scheme) => {
    let input = inputs.get(key);
    if (!input) {
      input = { key: nodeCrypto.KeyObject.from(key), ...scheme.options };
      inputs.set(key, input);
    }
    return input;
  };
}
