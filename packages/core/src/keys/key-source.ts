/**
 * Where verification keys come from. `KeySource` is the interface; `createKeySource` is
 * the default: the issuer's JWKS (found by discovery, or given), kept by a
 * {@link JwksCache}, each key pinned to one algorithm and known by its thumbprint.
 */
import type { CryptoKey, JWSHeaderParameters } from 'jose';
import { createError, type JwtGuardError } from '../errors/jwt-guard-error.js';
import type { EventListener } from '../events.js';
import type { RequestContext } from '../request-context.js';
import type { SharedStore } from '../store/shared-store.js';
import { fetchJson } from './fetch-json.js';
import { createFleetFetch } from './fleet-fetch.js';
import { JwksCache, type KeySetEntry, type KeySetObserver, KeysUnavailable } from './jwks-cache.js';
import { loadKeySet, selectKey } from './key-set.js';
import type { KeySetGeneration } from './key-set-generation.js';
import { type KeySetTimings, refreshDueAt } from './key-set-lifecycle.js';
import { NotReadyError } from './ready-error.js';
import { discoverSharedJwksUri } from './shared-discovery.js';
import { createSharedKeyDocuments } from './shared-key-documents.js';

/** A key jose can verify with. */
export type VerificationKey = CryptoKey | Uint8Array;

/** A key found for a token. */
export interface KeyLookup {
  readonly key: VerificationKey;
  /** The one algorithm the key is pinned to, when the source knows it. */
  readonly alg?: string | undefined;
  /**
   * Names the key material (the default source uses its RFC 7638 thumbprint). A cached
   * verification is reused only while {@link KeySource.holds} still holds this id.
   */
  readonly id?: string | undefined;
}

/**
 * Supplies the key for a token's protected header. Implement it to bring keys from
 * elsewhere (a secrets manager, a fixed set in tests).
 */
export interface KeySource {
  /** The key for this header. Rejects with a {@link JwtGuardError}: 401 when no key fits, 503 when keys cannot be had. */
  getKey(header: JWSHeaderParameters, context?: RequestContext): Promise<KeyLookup>;
  /**
   * The key for this header without waiting, when the keys in force are usable now;
   * otherwise `undefined` (then call `getKey`). Optional: a fast path only.
   */
  peekKey?(header: JWSHeaderParameters, context?: RequestContext): KeyLookup | undefined;
  /**
   * Whether the key named `id` is in the keys in force, without waiting: `false` sends a
   * cached verification back to full verification. The default source starts a refresh
   * when its set is past freshness, and answers `false` past the stale-if-error limit.
   * Optional: without it, cached verifications are reused for a bounded time only.
   */
  holds?(id: string, context?: RequestContext): boolean;
  /**
   * Loads the keys now, for a start-up check: rejects with an `Error` that says why (the URL,
   * the status, an issuer that differs from the metadata's) when they cannot be had.
   * Optional.
   */
  warm?(): Promise<void>;
}

/** Options of {@link createKeySource}. */
export interface KeySourceOptions extends KeySetTimings {
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
  /**
   * A store shared with other instances: a fresh key set or discovery one of them fetched is
   * used as is, and one instance fetches for the fleet while the others wait for its copy.
   */
  readonly store?: SharedStore | undefined;
  /** The application's event listener (already made safe). */
  readonly events?: EventListener | undefined;
  /** The verifier's count of key-set changes, moved whenever this source's set changes. */
  readonly generation?: KeySetGeneration | undefined;
}

/** The default source as the verifier that built it sees it. */
export interface JwksKeySource extends KeySource {
  holds(id: string, context?: RequestContext): boolean;
  /**
   * {@link KeySource.holds} with how long the answer stands: `undefined` when the key is
   * not held, else the time (ms, on the source's clock) until which it stays held unless
   * the set changes (the `generation` option moves then); a time already past when the
   * set is due for a refresh, so the next reuse asks again (and this one started it).
   */
  heldUntil(id: string, context?: RequestContext): number | undefined;
  /**
   * Until when (ms) a refusal for a key this source did not find stands unless the set
   * changes (the `generation` option moves then): the end of the unknown-`kid` cooldown or
   * of the set's fresh phase, whichever is first (issue 24: a flood of one unknown `kid`).
   */
  unknownKeyStandsUntil(): number;
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
export function createKeySource(options: KeySourceOptions): JwksKeySource {
  const limits = {
    fetch: options.fetch,
    timeoutMs: options.timeoutDuration,
    maxBytes: options.maxResponseBytes,
  };
  let jwksUri = options.jwksUri;
  const loadShared = options.store ? fleetLoader(options, options.store, limits) : undefined;
  let fromStore = false;
  const cache = new JwksCache({
    ...options,
    observer: options.events && keySetObserver(options.events, options.issuer, () => fromStore),
    async load(etag, hints) {
      // Discovery succeeds once; its result stays for the life of the key source.
      jwksUri ??= await discoverSharedJwksUri(options.issuer, options.store, limits);
      if (!loadShared) return fetchJson(jwksUri, { ...limits, etag });
      const loaded = await loadShared({ jwksUri, etag, ...hints });
      fromStore = loaded.fromStore;
      return loaded.result;
    },
    build: (json) => loadKeySet(json, options.algorithms),
  });

  return {
    async getKey(header, context) {
      const entry = await cache.get(context).catch(rejectUnavailable);
      const found = selectKey(entry.keySet, header);
      if (found) return found;
      // RFC 8725 §3.10 rotation: one refetch for a key we have not seen, bounded by the cooldown.
      const refreshed: KeySetEntry | undefined = await cache
        .refreshForUnknownKey(entry)
        .catch(rejectUnavailable);
      const retried = refreshed && selectKey(refreshed.keySet, header);
      if (!retried) throw createError('ERR_KEY_NOT_FOUND');
      return retried;
    },
    peekKey(header, context) {
      const entry = cache.usable(context);
      return entry && selectKey(entry.keySet, header);
    },
    holds(id, context) {
      return cache.reusable(context)?.keySet.ids.has(id) === true;
    },
    heldUntil(id, context) {
      const entry = cache.reusable(context);
      return entry?.keySet.ids.has(id) === true ? refreshDueAt(entry) : undefined;
    },
    unknownKeyStandsUntil: () => cache.unknownKeyStandsUntil(),
    async warm() {
      try {
        await cache.get();
      } catch (error) {
        // Unwrap to the first-hand reason: a 404, a mismatched issuer, a set without keys.
        // NotReadyError's code says whether retrying can help.
        throw new NotReadyError(
          options.issuer,
          error instanceof KeysUnavailable ? error.cause : error,
        );
      }
    },
  };
}

// With a fleet's store, key sets are loaded through it: one fetch per freshness period.
function fleetLoader(
  options: KeySourceOptions,
  store: NonNullable<KeySourceOptions['store']>,
  limits: Parameters<typeof fetchJson>[1],
) {
  return createFleetFetch({
    shared: createSharedKeyDocuments(store, options, options.now),
    fetchDocument: (uri, etag) => fetchJson(uri, { ...limits, etag }),
    // A copy with no usable key (a bug, a corrupted entry) must not stand in for the
    // issuer across the fleet: it is passed by, like a store that fails.
    usableIds: (json) =>
      loadKeySet(json, options.algorithms).then(
        (set) => set.ids,
        () => undefined,
      ),
    timings: options,
  });
}

// Key set events, named by issuer; reasons are messages of our own errors (URL, status).
function keySetObserver(
  emit: EventListener,
  issuer: string,
  fromStore: () => boolean,
): KeySetObserver {
  // One attempt at a time per key source: the start of the one under way.
  let startedAt = 0;
  const elapsed = () => performance.now() - startedAt;
  return {
    started: () => {
      startedAt = performance.now();
      emit({ type: 'keys-fetch-started', issuer });
    },
    loaded: (entry) =>
      emit({
        type: 'keys-fetched',
        issuer,
        keys: entry.keySet.ids.size,
        fromStore: fromStore(),
        durationMs: elapsed(),
      }),
    failed: (error) =>
      emit({
        type: 'keys-failed',
        issuer,
        reason: error instanceof Error ? error.message : 'the keys cannot be had',
        durationMs: elapsed(),
      }),
    servedStale: () => emit({ type: 'keys-stale', issuer }),
    refetchSkipped: () => emit({ type: 'keys-refetch-skipped', issuer }),
  };
}

function rejectUnavailable(error: unknown): never {
  const retryAfterMs = error instanceof KeysUnavailable ? error.retryAfterMs : 30_000;
  throw createError('ERR_KEYS_UNAVAILABLE', {
    retryAfter: Math.ceil(retryAfterMs / 1000),
    cause: error,
  }) satisfies JwtGuardError;
}
