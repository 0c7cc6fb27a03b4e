/**
 * The floor: node:crypto `verify` of the signature over `header.payload` with a ready
 * KeyObject, parts split beforehand. No JSON parse, no claim check, no key lookup.
 */
import {
  type KeyObject,
  KeyObject as KeyObjects,
  type VerifyKeyObjectInput,
  verify,
} from 'node:crypto';
import type { Contender } from './types.js';

interface Parts {
  readonly input: Buffer;
  readonly signature: Buffer;
}

function split(token: string): Parts {
  const dot = token.lastIndexOf('.');
  return {
    input: Buffer.from(token.slice(0, dot)),
    signature: Buffer.from(token.slice(dot + 1), 'base64url'),
  };
}

/**
 * Sync `verify` when sequential, the callback form (libuv pool) when in flight.
 *
 * @example
 * ```ts
 * const driver = await nodeCrypto.prepare(context);
 * ```
 */
export const nodeCrypto: Contender = {
  id: 'node-crypto',
  label: 'floor: node:crypto verify',
  async prepare({ issuer, alg, tokens }) {
    const testKey = issuer.keys.find((k) => k.alg === alg);
    if (!testKey) return { skipped: `no ${alg} key` };
    const publicKey: KeyObject = KeyObjects.from(testKey.publicKey);
    const key: VerifyKeyObjectInput =
      alg === 'ES256' ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : { key: publicKey };
    const hash = alg === 'EdDSA' ? null : 'sha256';
    const parts = new Map(tokens.map((token) => [token, split(token)]));
    const partsOf = (token: string) => parts.get(token) ?? split(token);
    return {
      verifySync(token) {
        const { input, signature } = partsOf(token);
        if (!verify(hash, input, key, signature)) throw new Error('bad signature');
      },
      verify: (token) =>
        new Promise<void>((resolve, reject) => {
          const { input, signature } = partsOf(token);
          verify(hash, input, key, signature, (error, ok) => {
            if (error || !ok) reject(error ?? new Error('bad signature'));
            else resolve();
          });
        }),
    };
  },
};
