/**
 * Signs any header and any payload text with a real key, bypassing every check jose makes
 * when it signs: for tests of how a verifier treats malformed or hostile tokens.
 */
import { base64url } from 'jose';
import type { TestKey } from './keys.js';

const SIGNING: Readonly<Record<string, AlgorithmIdentifier | EcdsaParams | RsaPssParams>> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 } as RsaPssParams,
  ES256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  ES384: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
  EdDSA: { name: 'Ed25519' },
};

const segment = (value: unknown) =>
  base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Returns `base64url(header).base64url(payloadText).signature`, signed by `key`.
 * `header` may be an object or raw text; so may the payload.
 *
 * @example
 * ```ts
 * const token = await signRaw(issuer.keys[0], { alg: 'RS256', crit: ['exp'] }, '{"exp":1e400}');
 * ```
 */
export async function signRaw(
  key: TestKey,
  header: object | string,
  payload: object | string,
): Promise<string> {
  const input = `${segment(header)}.${segment(payload)}`;
  const algorithm = SIGNING[key.alg];
  if (!algorithm) throw new TypeError(`signRaw cannot sign with ${key.alg}`);
  const signature = await crypto.subtle.sign(
    algorithm,
    key.privateKey,
    new TextEncoder().encode(input),
  );
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}
