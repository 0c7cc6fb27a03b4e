/**
 * The keys of recent DPoP proofs, imported once: a client signs every proof with the same
 * key, so importing its `jwk` and hashing its thumbprint on each request is repeated work
 * (two WebCrypto calls, the hash a thread-pool round trip). Keys are held by the header's
 * `alg` and the `jwk` exactly as sent, so any change to either is a new import with every
 * check; a `jwk` that fails to import is not held.
 */
import { calculateJwkThumbprint, EmbeddedJWK, type JWK, type JWSHeaderParameters } from 'jose';
import { keyFitsAlgorithm } from '../algorithms.js';
import { invalidProof, proofRefusedBy } from './proof-error.js';

/**
 * A bounded cache of proof keys and their thumbprints, made per proof verifier.
 *
 * @example
 * ```ts
 * const keys = createProofKeyCache(PROOF_KEYS_HELD);
 * const key = await keys.keyFor(header);
 * ```
 */
export interface ProofKeyCache {
  /** The header's `jwk` as the verification key for its `alg`; a `jwk` refusal otherwise. */
  keyFor(header: JWSHeaderParameters): Promise<CryptoKey>;
  /** The RFC 7638 SHA-256 thumbprint of a `jwk` that `keyFor` accepted. */
  thumbprintOf(jwk: JWK): Promise<string>;
}

/** Most keys (and thumbprints) held; the oldest goes first. */
export const PROOF_KEYS_HELD = 1_000;

/**
 * Creates an empty cache holding at most `max` keys and `max` thumbprints.
 *
 * @example
 * ```ts
 * const keys = createProofKeyCache(PROOF_KEYS_HELD);
 * ```
 */
export function createProofKeyCache(max: number): ProofKeyCache {
  const keys = new Map<string, Promise<CryptoKey>>();
  const thumbprints = new Map<string, Promise<string>>();
  const keysByHeader = new WeakMap<object, Promise<CryptoKey>>();
  const thumbprintsByJwk = new WeakMap<object, Promise<string>>();
  return {
    keyFor: (header) =>
      heldFor(
        keysByHeader,
        header,
        () =>
          held(keys, max, `${String(header.alg)}\n${JSON.stringify(header.jwk)}`, () =>
            importProofKey(header),
          ),
        header.jwk,
      ),
    thumbprintOf: (jwk) =>
      heldFor(thumbprintsByJwk, jwk, () =>
        held(thumbprints, max, JSON.stringify(jwk), () =>
          calculateJwkThumbprint(jwk, 'sha256').catch((error: unknown) => {
            throw proofRefusedBy('jwk', error);
          }),
        ),
      ),
  };
}

// The proof header reader hands out the same frozen header (and `jwk`) for every proof with
// one header segment: a frozen object (whose `inner` object, if any, is frozen too) gives
// what it gave before without serialising it again. Any other is looked up by its
// serialisation.
function heldFor<T>(
  byObject: WeakMap<object, Promise<T>>,
  object: object,
  lookup: () => Promise<T>,
  inner?: unknown,
): Promise<T> {
  if (!Object.isFrozen(object) || (inner !== undefined && !Object.isFrozen(inner))) {
    return lookup();
  }
  let promise = byObject.get(object);
  if (promise === undefined) {
    promise = lookup();
    byObject.set(object, promise);
    const made = promise;
    made.catch(() => {
      if (byObject.get(object) === made) byObject.delete(object);
    });
  }
  return promise;
}

/** The promise held under `id`, or a new one from `make`, dropped again if it rejects. */
function held<T>(
  map: Map<string, Promise<T>>,
  max: number,
  id: string,
  make: () => Promise<T>,
): Promise<T> {
  let promise = map.get(id);
  if (promise === undefined) {
    promise = make();
    if (map.size >= max) map.delete(map.keys().next().value!);
    map.set(id, promise);
    const made = promise;
    made.catch(() => {
      if (map.get(id) === made) map.delete(id);
    });
  }
  return promise;
}

// EmbeddedJWK imports the header's `jwk` as the verification key and refuses a private key,
// a `use` other than `sig` and an `alg` member other than the header's: all `jwk` failures.
// The imported key must then fit `alg` as an access token's key must (type, curve, RSA of
// 2048 bits or more), whichever path verifies the signature: jose checks the RSA size only
// when it verifies, node:crypto not at all.
async function importProofKey(header: JWSHeaderParameters): Promise<CryptoKey> {
  let key: CryptoKey;
  try {
    key = await EmbeddedJWK(header);
  } catch (error) {
    throw proofRefusedBy('jwk', error);
  }
  if (!keyFitsAlgorithm(key, String(header.alg))) throw invalidProof('jwk', 'jwk does not fit alg');
  return key;
}
