/**
 * Keeps an issuer's key set: one fetch in flight shared by every request, freshness from
 * `Cache-Control: max-age` within bounds, `ETag` revalidation, refresh ahead of expiry,
 * stale keys for a bounded grace while the issuer fails, backoff after failures, and a
 * cooldown on refetches for unknown `kid`s. An answer that holds no usable key is a
 * failed fetch like a 500: it never replaces good keys and never causes a fetch per request.
 */
import type { RequestContext } from '../request-context.js';
import type { FetchJsonResult } from './fetch-json.js';
import type { KeySet } from './key-set.js';
import type { KeySetGeneration } from './key-set-generation.js';
import {
  backoffMs,
  freshnessMs,
  type KeySetPhase,
  type KeySetTimings,
  keySetPhase,
  refreshDueAt,
} from './key-set-lifecycle.js';

/** The loader and clock the cache drives. */
export interface JwksCacheOptions extends KeySetTimings {
  /**
   * Fetches the key set document (discovering its URL first when needed). `hints` say how
   * fresh the keys held are, which they are, and whether this is a refetch for an unknown
   * key, for a source that can also read a copy another instance fetched.
   */
  readonly load: (etag: string | undefined, hints: LoadHints) => Promise<FetchJsonResult>;
  /** Builds a key set from the document; rejects when it holds no usable key. */
  readonly build: (json: unknown) => Promise<KeySet>;
  readonly now: () => number;
  /** Told of what happens to the keys, for events. Optional: no observer costs nothing. */
  readonly observer?: KeySetObserver | undefined;
  /** Moved whenever a new set replaces the one held (a 304 keeps the keys: no move). */
  readonly generation?: KeySetGeneration | undefined;
}

/** What the cache tells an observer. */
export interface KeySetObserver {
  /** An attempt starts. */
  started(): void;
  /** A new set was built from a document (fetched, or a shared copy). */
  loaded(entry: KeySetEntry): void;
  /** An attempt failed: the issuer, the network, the document. */
  failed(error: unknown): void;
  /** A request is served the last good set while the issuer fails. */
  servedStale(): void;
  /** A refetch for an unknown key was refused by the cooldown. */
  refetchSkipped(): void;
}

/** The keys a cache holds, as a load sees them. */
export interface HeldKeys {
  readonly ids: ReadonlySet<string>;
  readonly freshUntil: number;
}

/** What a load may take into account. */
export interface LoadHints {
  /** The keys held: their ids, and when they stop being fresh (ms since the epoch). */
  readonly held: HeldKeys | undefined;
  /**
   * A refetch for a key the held set lacks: a shared copy serves only when it holds a key
   * this set lacks, else only the issuer will do.
   */
  readonly forced: boolean;
}

/** One generation of keys. `version` grows with every new document. */
export interface KeySetEntry {
  readonly keySet: KeySet;
  readonly version: number;
  readonly fetchedAt: number;
  readonly freshUntil: number;
  readonly etag: string | undefined;
}

/** Why no keys could be had, and how long until the next attempt (ms). */
export class KeysUnavailable extends Error {
  override readonly name = 'KeysUnavailable';
  constructor(
    readonly retryAfterMs: number,
    options?: ErrorOptions,
  ) {
    super('signing keys unavailable', options);
  }
}

/** A fetch under way. `orphan`: started in the background with nothing to keep it alive. */
interface PendingFetch {
  readonly promise: Promise<KeySetEntry>;
  readonly startedAt: number;
  readonly orphan: boolean;
}

/**
 * The cache. Nothing is fetched until the first `get()`.
 *
 * @example
 * ```ts
 * const cache = new JwksCache({ load, build, now: Date.now, cacheMaxAge: 600_000,
 *   cooldownDuration: 30_000, timeoutDuration: 5_000, staleIfError: 600_000 });
 * const { keySet } = await cache.get();
 * ```
 */
export class JwksCache {
  readonly #options: JwksCacheOptions;
  #current: KeySetEntry | undefined;
  #pending: PendingFetch | undefined;
  #lastUnknownKeyRefreshAt = Number.NEGATIVE_INFINITY;
  #nextAttemptAt = Number.NEGATIVE_INFINITY;
  #failures = 0;
  #lastFailure: unknown;
  #version = 0;

  constructor(options: JwksCacheOptions) {
    this.#options = options;
  }

  /**
   * The keys to use now without waiting, or `undefined` when a request must wait for a
   * fetch (see {@link get}). Starts a background refresh when one is due.
   */
  usable(context?: RequestContext): KeySetEntry | undefined {
    const current = this.#current;
    if (!current) return undefined;
    switch (this.#phase(current)) {
      case 'fresh':
        return current;
      case 'refresh-due':
        this.#refreshInBackground(context);
        return current;
      // Stale-if-error: once a refresh has failed, requests take the last good keys at once
      // and retries go on in the background, spaced by the backoff.
      case 'stale':
        if (this.#failures === 0) return undefined;
        this.#refreshInBackground(context);
        this.#options.observer?.servedStale();
        return current;
      case 'expired':
        return undefined;
    }
  }

  /**
   * The keys against which an earlier verification may be reused: any set short of the
   * hard limit (freshness plus stale-if-error). Past freshness it starts the refresh in the
   * background, so a removed key's verifications stop within the set's freshness even when
   * only reused tokens arrive; past the hard limit, `undefined` (verify in full: wait, or 503).
   */
  reusable(context?: RequestContext): KeySetEntry | undefined {
    const current = this.#current;
    if (!current) return undefined;
    const phase = this.#phase(current);
    if (phase === 'expired') return undefined;
    if (phase !== 'fresh') this.#refreshInBackground(context);
    return current;
  }

  /** Usable keys: fresh, or stale within the grace while the issuer fails. Waits for a fetch when needed. */
  async get(context?: RequestContext): Promise<KeySetEntry> {
    const ready = this.usable(context);
    if (ready) return ready;
    const current = this.#current;
    const stale = current && this.#phase(current) === 'stale' ? current : undefined;
    // Backing off means a refresh has failed, and `usable` already serves a stale set then.
    if (!this.#canAttempt()) throw this.#unavailable(undefined);
    try {
      return await this.#bounded(this.#attempt());
    } catch (error) {
      if (stale) return stale;
      throw this.#unavailable(error);
    }
  }

  /**
   * Refetch for an unknown kid, once per cooldown: `undefined` when the cooldown refuses it;
   * rejects with {@link KeysUnavailable} when the issuer cannot be reached.
   */
  async refreshForUnknownKey(seen: KeySetEntry): Promise<KeySetEntry | undefined> {
    const current = this.#current;
    if (current && current.version !== seen.version) return current;
    // An unknown kid while the issuer cannot be reached is no verdict on the token:
    // the failure is the issuer's, and the answer is "keys unavailable".
    if (this.#pending) return this.#bounded(this.#attempt()).catch(this.#rejectUnavailable);
    // The cooldown counts from the last refetch an unknown kid caused, so a key rotated
    // in just after a routine fetch is still picked up on first sight.
    const now = this.#options.now();
    if (
      now - this.#lastUnknownKeyRefreshAt < this.#options.cooldownDuration ||
      !this.#canAttempt()
    ) {
      if (this.#failures > 0) throw this.#unavailable(undefined);
      this.#options.observer?.refetchSkipped();
      return undefined;
    }
    this.#lastUnknownKeyRefreshAt = now;
    return this.#bounded(this.#attempt(false, true)).catch(this.#rejectUnavailable);
  }

  /**
   * Until when (ms) a key the held set lacks stays unknown unless a new set arrives: no
   * refetch for an unknown kid before the cooldown ends, and none at all while the set is
   * fresh and no fetch is under way. A time already past when any of that may happen.
   */
  unknownKeyStandsUntil(): number {
    const current = this.#current;
    if (!current || this.#pending) return Number.NEGATIVE_INFINITY;
    const refetchAt = this.#lastUnknownKeyRefreshAt + this.#options.cooldownDuration;
    return Math.min(refetchAt, refreshDueAt(current));
  }

  #phase(entry: KeySetEntry): KeySetPhase {
    return keySetPhase(entry, this.#options.now(), this.#options);
  }

  #canAttempt(): boolean {
    return this.#pending !== undefined || this.#options.now() >= this.#nextAttemptAt;
  }

  #refreshInBackground(context: RequestContext | undefined): void {
    if (!this.#canAttempt()) return;
    const refresh = this.#attempt(!context?.waitUntil).catch(() => undefined);
    context?.waitUntil?.(refresh);
  }

  // Join the fetch under way unless it outlived its timeout (abandoned) or is an orphan a
  // request would have to wait on (on Workers an orphan is cancelled with the response
  // that started it and never settles): start a new one instead.
  #attempt(orphan = false, forced = false): Promise<KeySetEntry> {
    const { now, timeoutDuration } = this.#options;
    const t = now();
    const pending = this.#pending;
    if (pending && t - pending.startedAt <= timeoutDuration + 1000 && (orphan || !pending.orphan)) {
      return pending.promise;
    }
    this.#options.observer?.started();
    const promise = this.#fetch(forced).then(
      (entry) => {
        this.#failures = 0;
        this.#nextAttemptAt = Number.NEGATIVE_INFINITY;
        return entry;
      },
      (error: unknown) => {
        this.#failures += 1;
        this.#lastFailure = error;
        this.#nextAttemptAt = now() + backoffMs(this.#failures, this.#options);
        this.#options.observer?.failed(error);
        throw error;
      },
    );
    const entry: PendingFetch = { promise, startedAt: t, orphan };
    this.#pending = entry;
    const clear = () => {
      if (this.#pending === entry) this.#pending = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  // Loading and building are one attempt: a document with no usable key fails it.
  async #fetch(forced: boolean): Promise<KeySetEntry> {
    const current = this.#current;
    const result = await this.#options.load(current?.etag, {
      held: current && { ids: current.keySet.ids, freshUntil: current.freshUntil },
      forced,
    });
    const freshness = freshnessMs(result.maxAgeSeconds, this.#options);
    let next: KeySetEntry;
    if (result.notModified) {
      if (!current) throw new Error('304 without a cached key set');
      const fetchedAt = this.#options.now();
      next = { ...current, fetchedAt, freshUntil: fetchedAt + freshness };
    } else {
      const keySet = await this.#options.build(result.json);
      const fetchedAt = this.#options.now();
      next = {
        keySet,
        version: ++this.#version,
        fetchedAt,
        freshUntil: fetchedAt + freshness,
        etag: result.etag,
      };
      this.#options.observer?.loaded(next);
    }
    this.#current = next;
    if (next.version !== current?.version) this.#options.generation?.changed();
    return next;
  }

  // Every waiter bounds its own wait, so no request can hang on a fetch it did not start.
  #bounded(promise: Promise<KeySetEntry>): Promise<KeySetEntry> {
    return new Promise<KeySetEntry>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('timed out')),
        this.#options.timeoutDuration + 250,
      );
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  // Without a failure of its own (backing off), the last attempt's failure is the reason.
  #unavailable(cause: unknown): KeysUnavailable {
    return new KeysUnavailable(Math.max(1000, this.#nextAttemptAt - this.#options.now()), {
      cause: cause ?? this.#lastFailure,
    });
  }

  readonly #rejectUnavailable = (error: unknown): never => {
    throw this.#unavailable(error);
  };
}
