/** The `keys` option: a ring jwt-guard makes and rotates, or keys managed elsewhere. */
// jose's CryptoKey names the WebCrypto type even where the DOM lib is off (a Node-only
// tsconfig), so the published declarations compile there.
import type { JWK, CryptoKey as WebCryptoKey } from 'jose';
import { type Duration, parseDuration } from './duration.js';

/** The signing algorithms the issuer makes keys for. HS* is refused: verifiers would need the secret. */
export type SigningAlgorithm = 'ES256' | 'RS256' | 'PS256' | 'EdDSA';
/** The signing algorithms the issuer allows (RFC 9068 §2.1; never HMAC nor `none`). */
export const SIGNING_ALGORITHMS: readonly string[] = ['ES256', 'RS256', 'PS256', 'EdDSA'];

/** A ring of keys that jwt-guard makes, stores sealed, publishes ahead and rotates. */
export interface GeneratedKeysOptions {
  /** Default `'ES256'`; `'RS256'`, `'PS256'` and `'EdDSA'` are allowed. */
  readonly algorithm?: SigningAlgorithm;
  /** How long a key signs before the next one takes over. Default `'30d'`. */
  readonly rotateEvery?: Duration;
  /**
   * How long a next key is published before it signs. Default `'10m'`: as long as
   * jwt-guard's verifier caches a key set (`cacheMaxAge`).
   */
  readonly publishAhead?: Duration;
  /** How often each instance re-reads the ring from the store. Default `'10s'`. */
  readonly refreshEvery?: Duration;
  /** Seals private keys in the store (HKDF-SHA-256, A256GCM): at least 32 bytes. Required. */
  readonly encryptionSecret: string | Uint8Array;
  /** Run the rotation check every minute (unref'd timer). Default true; on Workers use a Cron Trigger. */
  readonly schedule?: boolean;
}

/** A key managed elsewhere (KMS export, a file): published as given, never rotated. */
export interface ManagedKey {
  /** The `kid` tokens and the JWKS carry. */
  readonly kid: string;
  /** A private JWK, or an extractable private CryptoKey. */
  readonly privateKey: JWK | WebCryptoKey;
  /** Default: from the key (`ES256` for P-256, `EdDSA` for Ed25519, `RS256` for RSA). */
  readonly alg?: SigningAlgorithm;
}

/** The `keys` option. */
export type KeysOptions = GeneratedKeysOptions | readonly ManagedKey[];

/** `keys` validated. */
export type ResolvedKeys =
  | {
      /** A ring made and rotated by jwt-guard. */
      readonly kind: 'ring';
      /** The algorithm of its keys. */
      readonly algorithm: SigningAlgorithm;
      /** How long a key signs, ms. */
      readonly rotateEveryMs: number;
      /** How long a next key is published before it signs, ms. */
      readonly publishAheadMs: number;
      /** How often an instance re-reads the ring, ms. */
      readonly refreshEveryMs: number;
      /** `encryptionSecret` as bytes (a copy). */
      readonly secret: Uint8Array;
      /** Whether the rotation timer runs. */
      readonly schedule: boolean;
    }
  | {
      /** Keys managed elsewhere, never rotated. */
      readonly kind: 'managed';
      /** The keys as given; the first signs. */
      readonly keys: readonly ManagedKey[];
    };

const fail = (option: string, rule: string): never => {
  throw new TypeError(`jwt-guard: option "${option}" ${rule}`);
};

/**
 * Validates `keys`, with a `TypeError` naming the option at fault.
 *
 * @example
 * ```ts
 * resolveKeysOptions({ algorithm: 'ES256', encryptionSecret: process.env.KEY_SECRET! });
 * ```
 */
export function resolveKeysOptions(keys: KeysOptions): ResolvedKeys {
  if (Array.isArray(keys)) return { kind: 'managed', keys: checkManaged(keys) };
  if (typeof keys !== 'object' || keys === null) {
    return fail('keys', 'must be { encryptionSecret, ... } or a list of { kid, privateKey }');
  }
  const options = keys as GeneratedKeysOptions;
  const algorithm = options.algorithm ?? 'ES256';
  if (!SIGNING_ALGORITHMS.includes(algorithm)) {
    fail('keys.algorithm', 'must be ES256, RS256, PS256 or EdDSA (HS* is refused)');
  }
  const secret =
    typeof options.encryptionSecret === 'string'
      ? new TextEncoder().encode(options.encryptionSecret)
      : options.encryptionSecret;
  if (!(secret instanceof Uint8Array) || secret.byteLength < 32) {
    fail('keys.encryptionSecret', 'must be a string or bytes of at least 32 bytes');
  }
  if (options.schedule !== undefined && typeof options.schedule !== 'boolean') {
    fail('keys.schedule', 'must be a boolean');
  }
  const rotateEveryMs = parseDuration(options.rotateEvery, 'keys.rotateEvery', 30 * 86_400_000);
  const publishAheadMs = parseDuration(options.publishAhead, 'keys.publishAhead', 600_000);
  if (publishAheadMs >= rotateEveryMs)
    fail('keys.publishAhead', 'must be shorter than keys.rotateEvery');
  return {
    kind: 'ring',
    algorithm,
    rotateEveryMs,
    publishAheadMs,
    refreshEveryMs: parseDuration(options.refreshEvery, 'keys.refreshEvery', 10_000),
    secret: new Uint8Array(secret),
    schedule: options.schedule ?? true,
  };
}

// RFC 7518 §3.1 and RFC 8037 §3.1: the key type and curve each algorithm signs with.
function keyFits(alg: string, jwk: JWK): boolean {
  if (alg === 'ES256') return jwk.kty === 'EC' && jwk.crv === 'P-256';
  if (alg === 'EdDSA') return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
  return jwk.kty === 'RSA';
}

function checkManaged(keys: readonly ManagedKey[]): readonly ManagedKey[] {
  if (keys.length === 0) fail('keys', 'must list at least one key');
  const kids = new Set<string>();
  keys.forEach((key, index) => {
    const where = `keys[${index}]`;
    if (typeof key?.kid !== 'string' || key.kid === '' || kids.has(key.kid)) {
      fail(`${where}.kid`, 'must be a non-empty string, unique in the list');
    }
    kids.add(key.kid);
    if (key.alg !== undefined && !SIGNING_ALGORITHMS.includes(key.alg)) {
      fail(`${where}.alg`, 'must be ES256, RS256, PS256 or EdDSA (HS* is refused)');
    }
    const isCryptoKey = typeof CryptoKey !== 'undefined' && key.privateKey instanceof CryptoKey;
    const jwk = key.privateKey as JWK;
    if (!isCryptoKey && (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string')) {
      fail(`${where}.privateKey`, 'must be a private JWK or a private CryptoKey');
    }
    // A header naming one algorithm over a signature made by another key type would verify
    // nowhere; on Node the fast signer would not notice, so it is refused here.
    if (!isCryptoKey && key.alg !== undefined && !keyFits(key.alg, jwk)) {
      fail(`${where}.alg`, `does not fit the key's type (${String(jwk.kty)})`);
    }
    if (
      isCryptoKey &&
      ((key.privateKey as CryptoKey).type !== 'private' ||
        !(key.privateKey as CryptoKey).extractable)
    ) {
      fail(
        `${where}.privateKey`,
        'must be an extractable private CryptoKey (its public half is published)',
      );
    }
  });
  return Object.freeze([...keys]);
}
