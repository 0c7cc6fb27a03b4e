/**
 * The Node fast path of signing: `node:crypto` found at run time through
 * `process.getBuiltinModule` (Node 20.16+), never imported, so bundles for Workers and
 * browsers never see a Node built-in. Bun, Deno and workerd keep jose's WebCrypto path.
 */
import type { JWK } from 'jose';
import type { SigningAlgorithm } from './keys-options.js';

/** The few `node:crypto` members signing and hashing use. */
interface NodeCrypto {
  createPrivateKey(options: { key: JWK; format: 'jwk' }): object;
  /** One-shot hashing (Node 20.12+): no Hash object to make and collect per call. */
  hash(algorithm: 'sha256', data: string, encoding: 'base64url'): string;
  sign(algorithm: string | null, data: Uint8Array, key: object): Uint8Array;
  readonly constants: { readonly RSA_PKCS1_PSS_PADDING: number };
}

interface NodeProcess {
  readonly versions?: { readonly node?: string; readonly bun?: string };
  getBuiltinModule?(id: string): unknown;
}

/** Node's `Buffer`, as far as base64url encoding uses it (several times faster than jose's). */
interface NodeBuffer {
  from(
    data: string | Uint8Array | ArrayBufferLike,
    offsetOrEncoding?: number | 'latin1',
    length?: number,
  ): Uint8Array & { toString(encoding: 'base64url'): string };
}

/** `node:crypto` (with Node's `Buffer`) on Node, else undefined. */
export function loadNodeCrypto(): (NodeCrypto & { readonly Buffer: NodeBuffer }) | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || proc.versions.bun || 'Deno' in globalThis) return undefined;
  // workerd with nodejs_compat also shows a `process`; it keeps WebCrypto.
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  if (agent === 'Cloudflare-Workers') return undefined;
  const nodeCrypto = proc.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  const buffer = proc.getBuiltinModule?.('node:buffer') as { Buffer?: NodeBuffer } | undefined;
  // `hash` is in every Node the package supports (engines: 20.19+); without it, WebCrypto.
  if (typeof nodeCrypto?.hash !== 'function' || !buffer?.Buffer) return undefined;
  const { createPrivateKey, hash, sign, constants } = nodeCrypto;
  return { createPrivateKey, hash, sign, constants, Buffer: buffer.Buffer };
}

/**
 * A compact-JWS signing function for `privateJwk` on `nodeCrypto`: the header is encoded
 * once, and ECDSA signatures come in IEEE P1363 form as RFC 7518 §3.4 requires.
 *
 * @example
 * ```ts
 * const sign = nodeSignFunction(loadNodeCrypto()!, 'ES256', jwk, 'k1');
 * const jws = sign({ sub: 'alice' }, 'at+jwt');
 * ```
 */
export function nodeSignFunction(
  nodeCrypto: NodeCrypto & { readonly Buffer: NodeBuffer },
  alg: SigningAlgorithm,
  privateJwk: JWK,
  kid: string,
): (payload: Readonly<Record<string, unknown>>, typ: string) => string {
  const key = nodeCrypto.createPrivateKey({ key: privateJwk, format: 'jwk' });
  // RFC 7518 §3.3-3.5 and RFC 8037 §3.1: SHA-256 for each, none for EdDSA; PSS salt 32 bytes.
  const hash = alg === 'EdDSA' ? null : 'sha256';
  const signKey =
    alg === 'PS256'
      ? { key, padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : alg === 'ES256'
        ? { key, dsaEncoding: 'ieee-p1363' }
        : key;
  const encode = (data: string | Uint8Array) => nodeCrypto.Buffer.from(data).toString('base64url');
  const headers = new Map<string, string>();
  return (payload, typ) => {
    let header = headers.get(typ);
    if (header === undefined) {
      header = encode(JSON.stringify({ alg, kid, typ }));
      headers.set(typ, header);
    }
    const input = `${header}.${encode(JSON.stringify(payload))}`;
    // The signing input is base64url text, ASCII only: latin1 copies it byte for byte
    // without the UTF-8 encoder's work.
    const bytes = nodeCrypto.Buffer.from(input, 'latin1');
    return `${input}.${encode(nodeCrypto.sign(hash, bytes, signKey))}`;
  };
}
