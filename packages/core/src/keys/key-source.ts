/**
 * Where verification keys come from. `KeySource` is the interface; `createKeySource` is
 * the default: the issuer's JWKS (found by discovery, or given), kept by a
 * {@link JwksCache}, with keys selected and imported by jose's local key set.
 */
import type { JWSHeaderParameters } from 'jose';
import { createError, type JwtGuardError } from '../errors/jwt-guard-error.js';
import { translateJoseError } from '../errors/translate-jose-error.js';
import { discoverJwksUri } from './discovery.js';
import { fetchJson } from './fetch-json.js';
import {
  createJwksCache,
  type JwksCacheTimings,
  type KeySetEntry,
  KeysUnavailable,
  type RequestContext,
} from './jwks-cache.js';
import { type KeySet, toKeySet } from './key-set.js';

const MAX_REMEMBERED_CHOICES = 256;

/** A key jose can verify with. */
export type VerificationKey = CryptoKey | Uint8Array;

/** A key found for a token, with the key set generation it came from. */
export interface KeyLookup {
  readonly key: VerificationKey;
  /** Identifies the key set generation; stays the same while the key set does. */
  readonly version: number;
}

/**
 * Supplies the key for a token's protected header. Implement it to bring keys from
 * elsewhere (a secrets manager, a fixed set in tests).
 */
export interface KeySource {
  /** The key for this header. Rejects with a {@link JwtGuardError}: 401 when no key fits, 503 when keys cannot be had. */
  getKey(header: JWSHeaderParameters, context?: RequestContext): Promise<KeyLookup>;
  /**
   * The key for this header without waiting, when it is known and the key set is fresh;
   * otherwise `undefined` (then call `getKey`). Optional: a fast path only.
   */
  peekKey?(header: JWSHeaderParameters, context?: RequestContext): KeyLookup | undefined;
  /** Whether the key set generation `version` still holds `kid` (used to drop cached verifications). */
  holds?(kid: string | undefined, version: number): boolean;
}

/** Options of {@link createKeySource}. */
export interface KeySourceOptions extends JwksCacheTimings {
  /** The issuer, for discovery. Ignored when `jwksUri` is given. */
  readonly issuer: string;
  /** The JWKS URL; skips discovery. */
  readonly jwksUri: string | undefined;
  /** The algorithm allowlist each key is pinned against. */
  readonly algorithms: readonly string[];
  /** Largest metadata or JWKS response read, in bytes. */
  readonly maxResponseBytes: number;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly realm: string;
}

/**
 * Creates the default key source. Nothing is fetched until the first `getKey`, and
 * creation never fails because the issuer is unreachable.
 *
 * @example
 * ```ts
 * const keys = createKeySource({ issuer, jwksUri: undefined, algorithms: ['RS256'], ... });
 * const { key } = await keys.getKey({ alg: 'RS256', kid: 'k1' });
 * ```
 */
export function createKeySource(options: KeySourceOptions): KeySource {
  const { realm, timeoutDuration } = options;
  const limits = {
    fetch: options.fetch,
    timeoutMs: timeoutDuration,
    maxBytes: options.maxResponseBytes,
  };
  let jwksUri = options.jwksUri;
  const cache = createJwksCache({
    ...options,
    async load(etag) {
      // Discovery succeeds once; its result stays for the life of the key source.
      jwksUri ??= await discoverJwksUri(options.issuer, limits);
      return fetchJson(jwksUri, { ...limits, etag });
    },
    build: (json) => toKeySet(json, options.algorithms),
  });

  // jose's choice of key depends only on the header's alg and kid and on the key set:
  // remember it per key set generation instead of filtering the set for every token.
  let chosen = { version: -1, byHeader: new Map<string, KeyLookup>() };
  const choiceId = (header: JWSHeaderParameters) => {
    const kid = header.kid;
    return typeof kid === 'string'
      ? `${header.alg}\u0000${kid}`
      : kid === undefined
        ? String(header.alg)
        : '';
  };
  const select = async (entry: KeySetEntry, header: JWSHeaderParameters): Promise<KeyLookup> => {
    if (chosen.version !== entry.version) chosen = { version: entry.version, byHeader: new Map() };
    const id = choiceId(header);
    let lookup = id ? chosen.byHeader.get(id) : undefined;
    if (!lookup) {
      const key = (await entry.keySet.getKey(
        header as Parameters<KeySet['getKey']>[0],
        undefined as never,
      )) as VerificationKey;
      lookup = { key, version: entry.version };
      if (id && chosen.byHeader.size < MAX_REMEMBERED_CHOICES) chosen.byHeader.set(id, lookup);
    }
    return lookup;
  };

  return {
    async getKey(header, context) {
      let entry: KeySetEntry;
      try {
        entry = await cache.get(context);
      } catch (error) {
        throw toUnavailable(error, realm);
      }
      try {
        return await select(entry, header);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== 'ERR_JWKS_NO_MATCHING_KEY') throw translateJoseError(error, realm);
        // RFC 8725 §3.10 rotation: one refetch for a key we have not seen, bounded by the cooldown.
        let refreshed: KeySetEntry | undefined;
        try {
          refreshed = await cache.refreshForUnknownKey(entry);
        } catch (unavailable) {
          throw toUnavailable(unavailable, realm);
        }
        if (!refreshed) throw translateJoseError(error, realm);
        try {
          return await select(refreshed, header);
        } catch (retryError) {
          throw translateJoseError(retryError, realm);
        }
      }
    },
    peekKey(header, context) {
      const entry = cache.fresh(context);
      if (!entry || chosen.version !== entry.version) return undefined;
      const id = choiceId(header);
      return id ? chosen.byHeader.get(id) : undefined;
    },
    holds(kid, version) {
      const entry = cache.peek();
      if (!entry) return false;
      if (entry.version === version) return true;
      return kid !== undefined && entry.keySet.kids.has(kid);
    },
  };
}

function toUnavailable(error: unknown, realm: string): JwtGuardError {
  const retryAfterMs = error instanceof KeysUnavailable ? error.retryAfterMs : 30_000;
  return createError('ERR_KEYS_UNAVAILABLE', {
    realm,
    retryAfter: Math.ceil(retryAfterMs / 1000),
    cause: error,
  });
}
