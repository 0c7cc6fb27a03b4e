/**
 * Key set documents shared through a store (Redis for a fleet, KV at the edge): the first
 * instance to fetch an issuer's JWKS writes it with its freshness, and every other instance,
 * a new process or a cold isolate included, starts from it instead of fetching. A short lock
 * beside the document lets one instance fetch while the others wait for what it writes
 * (see `fleet-fetch.ts`). The fleet then makes about one fetch per freshness period and one
 * per key rotation, not one per process.
 *
 * The store is trusted like the network path to the issuer: whoever can write to it can
 * publish keys. The document read back still goes through the same key checks as a fetched
 * one (unusable keys skipped). A store that fails is passed by: the issuer is fetched.
 *
 * Entries, under the store's prefix: `jwks:<jwksUri>` (the document, for its freshness) and
 * `jwks-lock:<jwksUri>` (the lock, for a fetch's timeout at most).
 */
import type { SharedStore } from '../store/shared-store.js';
import type { FetchJsonResult } from './fetch-json.js';
import { freshnessMs, type KeySetTimings } from './key-set-lifecycle.js';

/** A document as fetched (never a 304), with its caching headers. */
export type FetchedDocument = Extract<FetchJsonResult, { notModified: false }>;

/** The outcome of asking for the fetch lock: `unavailable` when the store cannot lock. */
export type LockOutcome = 'acquired' | 'held' | 'unavailable';

/** A shared document as read back. */
export interface SharedCopy {
  readonly result: FetchedDocument;
  /** When it stops being fresh here: the writer's freshness, capped by `cacheMaxAge`. */
  readonly freshUntil: number;
  /** The freshness the writer gave it, unchanged: it tells one write from another. */
  readonly writtenUntil: number;
}

/** Reading and writing the shared copy of one issuer's key set document. */
export interface SharedKeyDocuments {
  /**
   * The shared document for `jwksUri` while it is fresh, as a fetch result, with the time
   * its freshness ends for this instance and the end the writer gave it (ms since the epoch;
   * it tells one write from another); else `undefined`. A store that fails reads as
   * `undefined`.
   */
  read(jwksUri: string): Promise<SharedCopy | undefined>;
  /** Shares a fetched document for its freshness. Settles once written; never rejects. */
  write(jwksUri: string, fetched: FetchedDocument): Promise<void>;
  /**
   * Takes the lock on fetching `jwksUri` for `ttlMs` (`setIfAbsent`): `held` when another
   * instance has it, `unavailable` when the store fails or cannot set atomically (KV).
   */
  lock(jwksUri: string, ttlMs: number): Promise<LockOutcome>;
  /** Releases the lock taken by {@link lock} (it expires at once). Never rejects. */
  unlock(jwksUri: string): Promise<void>;
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
  const lockOf = (jwksUri: string) => `jwks-lock:${jwksUri}`;
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
      const result: FetchedDocument = {
        notModified: false,
        json: shared.json,
        etag: shared.etag,
        // What is left of the freshness the fetching instance computed.
        maxAgeSeconds: Math.floor(remainingMs / 1000),
      };
      return { result, freshUntil: now() + remainingMs, writtenUntil: shared.freshUntil };
    },
    async write(jwksUri, fetched) {
      const ttlMs = freshnessMs(fetched.maxAgeSeconds, timings);
      const value: Shared = { json: fetched.json, etag: fetched.etag, freshUntil: now() + ttlMs };
      await store.set(keyOf(jwksUri), JSON.stringify(value), ttlMs).catch(() => undefined);
    },
    async lock(jwksUri, ttlMs) {
      try {
        return (await store.setIfAbsent(lockOf(jwksUri), '1', ttlMs)) ? 'acquired' : 'held';
      } catch {
        return 'unavailable';
      }
    },
    async unlock(jwksUri) {
      // The interface has no delete: a one-millisecond time to live ends the lock instead.
      await store.set(lockOf(jwksUri), '0', 1).catch(() => undefined);
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
