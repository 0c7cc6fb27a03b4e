/**
 * The Node fast path of signing: `node:crypto` found at run time through
 * `process.getBuiltinModule` (Node 20.16+), never imported, so bundles for Workers and
 * browsers never see a Node built-in. Bun, Deno and workerd keep jose's WebCrypto path.
 */
import { base64url, type JWK } from 'jose';
import type { SigningAlgorithm } from './keys-options.js';

/** The few `node:crypto` members signing uses. */
interface NodeCrypto {
  createPrivateKey(options: { key: JWK; format: 'jwk' }): object;
  sign(algorithm: string | null, data: Uint8Array, key: object): Uint8Array;
  readonly constants: { readonly RSA_PKCS1_PSS_PADDING: number };
}

interface NodeProcess {
  readonly versions?: { readonly node?: string; readonly bun?: string };
  getBuiltinModule?(id: string): unknown;
}

/** `node:crypto` on Node, else undefined. */
export function loadNodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || proc.versions.bun || 'Deno' in globalThis) return undefined;
  // workerd with nodejs_compat also shows a `process`; it keeps WebCrypto.
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  if (agent === 'Cloudflare-Workers') return undefined;
  return proc.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
}

const encoder = new TextEncoder();

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
  nodeCrypto: NodeCrypto,
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
  const headers = new Map<string, string>();
  return (payload, typ) => {
    let header = headers.get(typ);
    if (header === undefined) {
      header = base64url.encode(JSON.stringify({ alg, kid, typ }));
      headers.set(typ, header);
    }
    const input = `${header}.${base64url.encode(JSON.stringify(payload))}`;
    return `${input}.${base64url.encode(nodeCrypto.sign(hash, encoder.encode(input), signKey))}`;
  };
}
