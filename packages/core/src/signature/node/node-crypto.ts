/**
 * Finds `node:crypto` at run time on Node only, without a static import: bundles for
 * Workers and browsers never see a Node built-in, and one build serves every runtime.
 * Bun and Deno keep the WebCrypto path that the edge conformance runs prove.
 */

/** The few `node:crypto` members the fast path uses. */
export interface NodeCrypto {
  verify(
    algorithm: string | null,
    data: Uint8Array,
    key: object,
    signature: Uint8Array,
    callback?: (error: Error | null, result: boolean) => void,
  ): boolean;
  readonly KeyObject: { from(key: CryptoKey): NodeKeyObject };
  readonly constants: { readonly RSA_PKCS1_PSS_PADDING: number };
}

/**
 * The hashes of `node:crypto` that DPoP uses (a proof's `ath`, a nonce's HMAC): synchronous
 * here, each a thread-pool round trip in WebCrypto on Node.
 */
export interface NodeHash {
  createHash(algorithm: 'sha256'): {
    update(data: string): { digest(encoding: 'base64url'): string };
  };
  createHmac(
    algorithm: 'sha256',
    key: Uint8Array,
  ): {
    update(data: Uint8Array): { digest(): Uint8Array };
  };
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
}

/** A public `KeyObject`, as far as the fast path reads it. */
export interface NodeKeyObject {
  readonly asymmetricKeyType?: string;
  readonly asymmetricKeyDetails?: { readonly modulusLength?: number };
}

interface NodeProcess {
  readonly versions?: { readonly node?: string; readonly bun?: string };
  getBuiltinModule?(id: string): unknown;
}

/**
 * `node:crypto` when running on Node 20.16 or newer, else `undefined`.
 *
 * @example
 * ```ts
 * const nodeCrypto = loadNodeCrypto(); // undefined on Workers, Bun and Deno
 * ```
 */
export function loadNodeCrypto(): (NodeCrypto & NodeHash) | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || proc.versions.bun || 'Deno' in globalThis) return undefined;
  // workerd with nodejs_compat also shows a `process`; it keeps WebCrypto.
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  if (agent === 'Cloudflare-Workers') return undefined;
  return proc.getBuiltinModule?.('node:crypto') as (NodeCrypto & NodeHash) | undefined;
}
