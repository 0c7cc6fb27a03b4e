/** A key source holding one HMAC secret, for issuers that share a secret with the API. */
import type { KeyLookup, KeySource } from './key-source.js';

/**
 * Creates a key source that answers every header with the secret. It is only ever paired
 * with an HMAC-only allowlist (see `resolveVerifierOptions`), so a public key can never be
 * used as an HMAC secret.
 *
 * @example
 * ```ts
 * const keys = createSecretKeySource(new TextEncoder().encode(process.env.JWT_SECRET));
 * ```
 */
export function createSecretKeySource(secret: Uint8Array): KeySource {
  const lookup: KeyLookup = { key: secret, id: 'secret' };
  return {
    getKey: async () => lookup,
    peekKey: () => lookup,
    holds: () => true,
  };
}
