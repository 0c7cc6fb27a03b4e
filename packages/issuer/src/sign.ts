/**
 * JWS signing of access tokens. On Node, node:crypto signs the compact serialization
 * directly, which keeps `issue()` close to the raw sign rate; elsewhere jose's CompactSign
 * over WebCrypto does the same job.
 */
import { CompactSign, importJWK, type JWK } from 'jose';
import type { SigningAlgorithm } from './keys-options.js';
import { loadNodeCrypto, nodeSignFunction } from './node-signer.js';

/** Signs payloads under one key, with the header `{ alg, kid, typ }`. */
export interface TokenSigner {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** A compact JWS of `payload`. */
  sign(payload: Readonly<Record<string, unknown>>, typ: string): Promise<string>;
}

const encoder = new TextEncoder();

/**
 * A signer for `privateJwk`: node:crypto on Node, jose elsewhere (or when `nodeCrypto` is
 * false).
 *
 * @example
 * ```ts
 * const signer = await createSigner('ES256', privateJwk, 'k1');
 * const jws = await signer.sign({ sub: 'alice' }, 'at+jwt');
 * ```
 */
export async function createSigner(
  alg: SigningAlgorithm,
  privateJwk: JWK,
  kid: string,
  nodeCrypto = true,
): Promise<TokenSigner> {
  const node = nodeCrypto ? loadNodeCrypto() : undefined;
  if (node) {
    const sign = nodeSignFunction(node, alg, privateJwk, kid);
    return { kid, alg, sign: async (payload, typ) => sign(payload, typ) };
  }
  const key = await importJWK({ ...privateJwk, alg }, alg);
  return {
    kid,
    alg,
    sign: (payload, typ) =>
      new CompactSign(encoder.encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg, kid, typ })
        .sign(key),
  };
}
