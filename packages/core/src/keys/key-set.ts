/**
 * Turns a fetched JWKS document into the keys we verify with. A key that cannot be used is
 * skipped when the set loads (RFC 7517 §4.2–4.3, RFC 8725 §3.1): not for signatures, no
 * `verify` in `key_ops`, private members, no allowed algorithm, a point off its curve or
 * RSA under 2048 bits (the import refuses them). Each remaining key is pinned to its one
 * algorithm and known by its RFC 7638 thumbprint, which binds cached verifications to the
 * very key material that made them.
 */
import { calculateJwkThumbprint, importJWK, type JWK, type JWSHeaderParameters } from 'jose';
import { keyAlgorithm, keyFitsAlgorithm, sameAlgorithm } from '../algorithms.js';
import { isPointOnCurve } from './ec-point.js';

/** One usable key of a set. */
export interface HeldKey {
  readonly kid: string | undefined;
  /** The one algorithm this key verifies. */
  readonly alg: string;
  readonly key: CryptoKey;
  /** The key's RFC 7638 SHA-256 thumbprint: names the key material, whatever its `kid`. */
  readonly id: string;
}

/** A usable key set. */
export interface KeySet {
  readonly keys: readonly HeldKey[];
  /** Thumbprints of every key held. */
  readonly ids: ReadonlySet<string>;
}

/** Why a key set document cannot serve: it is no key set, or holds no usable key. */
export class KeySetError extends Error {
  override readonly name = 'KeySetError';
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/**
 * Validates a JWKS document and imports its usable keys. Rejects with
 * {@link KeySetError} when it is not a key set or holds no usable key.
 *
 * @example
 * ```ts
 * const set = await loadKeySet(await (await fetch(jwksUri)).json(), ['RS256']);
 * ```
 */
export async function loadKeySet(json: unknown, algorithms: readonly string[]): Promise<KeySet> {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (typeof json !== 'object' || json === null || !Array.isArray(keys)) {
    throw new KeySetError('response is not a JSON Web Key Set');
  }
  const held = (await Promise.all(keys.map((jwk) => importUsable(jwk, algorithms)))).filter(
    (key): key is HeldKey => key !== undefined,
  );
  if (held.length === 0) throw new KeySetError('key set holds no usable key');
  return { keys: held, ids: new Set(held.map((key) => key.id)) };
}

/**
 * The key for a token's header: the one key whose algorithm is the token's and whose
 * `kid` is the token's. A header without `kid` is served only when exactly one key fits
 * its algorithm: no trial verification across several keys (SECURITY.md).
 *
 * @example
 * ```ts
 * selectKey(set, { alg: 'RS256', kid: 'k1' }); // the HeldKey, or undefined
 * ```
 */
export function selectKey(set: KeySet, header: JWSHeaderParameters): HeldKey | undefined {
  const { alg, kid } = header;
  if (typeof alg !== 'string') return undefined;
  let found: HeldKey | undefined;
  for (const candidate of set.keys) {
    if (!sameAlgorithm(candidate.alg, alg) || (kid !== undefined && candidate.kid !== kid))
      continue;
    if (found) return undefined;
    found = candidate;
  }
  return found;
}

async function importUsable(
  candidate: unknown,
  algorithms: readonly string[],
): Promise<HeldKey | undefined> {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return;
  const jwk = candidate as Record<string, unknown>;
  if (typeof jwk.kty !== 'string' || (jwk.kid !== undefined && typeof jwk.kid !== 'string')) return;
  if (jwk.use !== undefined && jwk.use !== 'sig') return;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify')))
    return;
  // A JWKS is public; a key with private or symmetric members is a publishing mistake we
  // refuse to use rather than risk treating a secret as a verification key.
  if (PRIVATE_MEMBERS.some((member) => jwk[member] !== undefined)) return;
  const alg = keyAlgorithm(jwk, algorithms);
  if (alg === undefined) return;
  if (jwk.kty === 'EC' && !isPointOnCurve(jwk.crv, jwk.x, jwk.y)) return;
  const material: Record<string, unknown> = {};
  for (const member of PUBLIC_MEMBERS)
    if (jwk[member] !== undefined) material[member] = jwk[member];
  try {
    const key = (await importJWK(material as JWK, alg)) as CryptoKey;
    if (!keyFitsAlgorithm(key, alg)) return;
    return {
      kid: jwk.kid as string | undefined,
      alg,
      key,
      id: await calculateJwkThumbprint(material as JWK, 'sha256'),
    };
  } catch {
    // An invalid point, a malformed modulus, an unsupported curve: this key cannot verify.
    return;
  }
}
