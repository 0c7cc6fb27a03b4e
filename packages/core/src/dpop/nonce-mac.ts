/**
 * The HMAC-SHA256 of a DPoP nonce's time step (RFC 2104): node:crypto on Node, where it is
 * synchronous, WebCrypto elsewhere, where every call is a round trip to the thread pool.
 */
import { loadNodeCrypto, type NodeHash } from '../signature/node/node-crypto.js';

/**
 * Signs and checks the MAC of a time step under one secret.
 *
 * @example
 * ```ts
 * const mac = createNonceMac(secretBytes);
 * const tag = await mac.sign(step);
 * await mac.verify(tag, step); // true
 * ```
 */
export interface NonceMac {
  sign(data: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>;
  /** Compares in constant time. */
  verify(mac: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): boolean | Promise<boolean>;
}

const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const;

function nodeMac(nodeCrypto: NodeHash, keyBytes: Uint8Array<ArrayBuffer>): NonceMac {
  const sign = (data: Uint8Array) =>
    nodeCrypto.createHmac('sha256', keyBytes).update(data).digest();
  return {
    sign,
    verify: (mac, data) => {
      const expected = sign(data);
      return mac.length === expected.length && nodeCrypto.timingSafeEqual(mac, expected);
    },
  };
}

function webMac(keyBytes: Uint8Array<ArrayBuffer>): NonceMac {
  let key: Promise<CryptoKey> | undefined;
  // Imported once, on first use: the factory stays synchronous.
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey('raw', keyBytes, HMAC_SHA256, false, ['sign', 'verify']));
  return {
    sign: async (data) => new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(), data)),
    // crypto.subtle.verify compares in constant time.
    verify: async (mac, data) => crypto.subtle.verify('HMAC', await hmacKey(), mac, data),
  };
}

/**
 * The MAC under `keyBytes` (the caller's copy, never changed afterwards), by node:crypto when
 * `useNodeCrypto` and on Node, else by WebCrypto.
 *
 * @example
 * ```ts
 * const mac = createNonceMac(crypto.getRandomValues(new Uint8Array(32)));
 * ```
 */
export function createNonceMac(keyBytes: Uint8Array<ArrayBuffer>, useNodeCrypto = true): NonceMac {
  const nodeCrypto = useNodeCrypto ? loadNodeCrypto() : undefined;
  return nodeCrypto ? nodeMac(nodeCrypto, keyBytes) : webMac(keyBytes);
}
