/**
 * Key set documents shared through a store (Redis for a fleet, KV at the edge): the first
 * instance to fetch an issuer's JWKS writes it with its freshness, and every other instance,
 * a new process or a cold isolate included, starts from it instead of fetching. The fleet
 * then makes about one fetch per freshness period, not one per process.
 *
 * The store is trusted like the network path to the issuer: whoever can write to it can
 * publish keys. The document read back still goes through the same key checks as a fetched
 * one (unusable keys skipped). A store that fails is passed by: the issuer is fetched.
 */
import type { SharedStore } from '../store/shared-store.js';
import type { FetchJsonResult } from './fetch-json.js';
import { freshnessMs, type KeySetTimings } from './key-set-lifecycle.js';

/** Reading and writing the shared copy of one issuer's key set document. */
export interface SharedKeyDocuments {
  /**
   * The shared document for `jwksUri` while it is fresh, as a fetch result, with the time
   * its freshness ends (ms since the epoch); else `undefined`.
   */
  read(jwksUri: string): Promise<{ result: FetchJsonResult; freshUntil: number } | undefined>;
  /** Shares a fetched document for its freshness. Never fails the caller. */
  write(jwksUri: string, fetched: FetchJsonResult): void;
}

interface Shared {
  readonly json: unknown;
  readonly etag: string | undefined;
  /** Milliseconds since the epoch. */
  readonly freshUntil: number;
}

/**
 * Creates the shared documents on `store`, with the key cache's timings and clock.
 *
 * @example
 * ```ts
 * const shared = createSharedKeyDocuments(store, timings, Date.now);
 * const fetched = (await shared.read(uri))?.result ?? (await fetchJson(uri, limits));
 * ```
 */
export function createSharedKeyDocuments(
  store: SharedStore,
  timings: KeySetTimings,
  now: () => number,
): SharedKeyDocuments {
  const keyOf = (jwksUri: string) => `jwks:${jwksUri}`;
  return {
    async read(jwksUri) {
      let text: string | undefined;
      try {
        text = await store.get(keyOf(jwksUri));
      } catch {
        return undefined;
      }
      const shared = parse(text);
      // Never longer than this instance would keep a set it fetched itself.
      const remainingMs = shared ? Math.min(shared.freshUntil - now(), timings.cacheMaxAge) : 0;
      if (!shared || remainingMs <= 0) return undefined;
      const result: FetchJsonResult = {
        notModified: false,
        json: shared.json,
        etag: shared.etag,
        // What is left of the freshness the fetching instance computed.
        maxAgeSeconds: Math.floor(remainingMs / 1000),
      };
      return { result, freshUntil: now() + remainingMs };
    },
    write(jwksUri, fetched) {
      if (fetched.notModified) return;
      const ttlMs = freshnessMs(fetched.maxAgeSeconds, timings);
      const value: Shared = { json: fetched.json, etag: fetched.etag, freshUntil: now() + ttlMs };
      store.set(keyOf(jwksUri), JSON.stringify(value), ttlMs).catch(() => undefined);
    },
  };
}

function parse(text: string | undefined): Shared | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Shared> | null;
    if (typeof value !== 'object' || value === null || typeof value.freshUntil !== 'number') {
      return undefined;
    }
    return {
      json: value.json,
      etag: typeof value.etag === 'string' ? value.etag : undefined,
      freshUntil: value.freshUntil,
    };
  } catch {
    return undefined;
  }
}
