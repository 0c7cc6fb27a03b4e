/** Keys managed elsewhere (KMS, files): published as given, the first one signs, never rotated. */
import { exportJWK, type JWK } from 'jose';
import type { RotationResult, SigningKeys } from './key-ring-store.js';
import type { ManagedKey, SigningAlgorithm } from './keys-options.js';
import { createSigner, type TokenSigner } from './sign.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The algorithm a key implies when `alg` is not given. */
function algorithmOf(jwk: JWK, given: SigningAlgorithm | undefined): SigningAlgorithm {
  if (given) return given;
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'RSA') return 'RS256';
  throw new TypeError(
    'jwt-guard: option "keys" holds a key whose algorithm is unknown; give its alg',
  );
}

/**
 * Signing keys from a list: `keys[0]` signs, every key is published.
 *
 * @example
 * ```ts
 * const keys = createManagedKeys([{ kid: 'kms-2026', privateKey: jwk }]);
 * ```
 */
export function createManagedKeys(list: readonly ManagedKey[]): SigningKeys {
  const prepared = Promise.all(
    list.map(async (entry) => {
      const jwk =
        'kty' in entry.privateKey
          ? (entry.privateKey as JWK)
          : await exportJWK(entry.privateKey as CryptoKey);
      const alg = algorithmOf(jwk, entry.alg);
      const publicJwk: JWK = { ...jwk, kid: entry.kid, alg, use: 'sig' };
      for (const member of PRIVATE_MEMBERS) delete (publicJwk as Record<string, unknown>)[member];
      return { kid: entry.kid, alg, jwk, publicJwk };
    }),
  );
  let signer: Promise<TokenSigner> | undefined;
  const unrotated = async (): Promise<RotationResult> => ({ rotated: false, kid: list[0]!.kid });
  return {
    signer() {
      signer ??= prepared.then(([first]) => createSigner(first!.alg, first!.jwk, first!.kid));
      return signer;
    },
    jwks: async () => ({ keys: (await prepared).map((key) => ({ ...key.publicJwk })) }),
    rotate: unrotated,
    rotateIfDue: async () => undefined,
  };
}
