/**
 * Turns a fetched JWKS document into a verification key set: keys that are not for
 * signatures, not of an allowed type, or that fit no allowed algorithm are left out (a key
 * set may mix key types we cannot use with ones we can), and each remaining key is pinned
 * to its one algorithm before jose's local key set selects and imports it.
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';
import { keyAlgorithm } from '../algorithms.js';
import { FetchJsonError } from './fetch-json.js';

/** A usable key set: jose's selector plus the kids it holds. */
export interface KeySet {
  readonly getKey: JWTVerifyGetKey;
  readonly kids: ReadonlySet<string>;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

/**
 * Validates a JWKS document and builds its {@link KeySet}. Throws {@link FetchJsonError}
 * when it is not a key set or holds no usable key.
 *
 * @example
 * ```ts
 * const set = toKeySet(await (await fetch(jwksUri)).json(), ['RS256']);
 * ```
 */
export function toKeySet(json: unknown, algorithms: readonly string[]): KeySet {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (typeof json !== 'object' || json === null || !Array.isArray(keys)) {
    throw new FetchJsonError('response is not a JSON Web Key Set');
  }
  const usable: JWK[] = [];
  const kids = new Set<string>();
  for (const candidate of keys) {
    const jwk = usableKey(candidate, algorithms);
    if (!jwk) continue;
    usable.push(jwk);
    if (typeof jwk.kid === 'string') kids.add(jwk.kid);
  }
  if (usable.length === 0) throw new FetchJsonError('key set holds no usable key');
  const set: JSONWebKeySet = { keys: usable };
  return { getKey: createLocalJWKSet(set), kids };
}

function usableKey(candidate: unknown, algorithms: readonly string[]): JWK | undefined {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return;
  const jwk = candidate as Record<string, unknown>;
  if (typeof jwk.kty !== 'string' || (jwk.kid !== undefined && typeof jwk.kid !== 'string')) return;
  if (jwk.use !== undefined && jwk.use !== 'sig') return;
  // A JWKS is public; a key with private or symmetric members is a publishing mistake we
  // refuse to use rather than risk treating a secret as a verification key.
  if (PRIVATE_MEMBERS.some((member) => jwk[member] !== undefined)) return;
  const alg = keyAlgorithm(jwk, algorithms);
  if (alg === undefined) return;
  // Ed25519 keys stay without alg: 'EdDSA' and 'Ed25519' name the same algorithm.
  return (jwk.kty === 'OKP' && jwk.alg === undefined ? { ...jwk } : { ...jwk, alg }) as JWK;
}
