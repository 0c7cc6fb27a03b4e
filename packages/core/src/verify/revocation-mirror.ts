/**
 * A deny list's local copy of the revocations in force, kept current by a feed's pushes, so
 * the per-request check is a map lookup instead of a store round trip. It loads the full set
 * on start and after every reconnection, and stops answering "not revoked" once it cannot
 * vouch for being current: then the check fails closed, as a store outage does.
 */
import { StoreError } from '../store/store-error.js';
import type { RevocationFeed, RevocationFeedListener } from './revocation-feed.js';

/** How a mirror is bounded, checked by the deny list's options. */
export interface RevocationMirrorSettings {
  /** The keys it mirrors start with this (the deny list's prefix). */
  readonly keyPrefix: string;
  /** Most entries held; past it, lookups of keys not held read the store. */
  readonly maxEntries: number;
  /** How long past the last sign of a live subscription local answers are still trusted. */
  readonly maxStalenessMs: number;
  /** Told when a full load fails (it is retried). */
  readonly onError: (error: unknown) => void;
}

/** A mirror as the deny list uses it. */
export interface RevocationMirror {
  /** Whether `key` is revoked; rejects with `ERR_STORE_UNAVAILABLE` when not current. */
  has(key: string): Promise<boolean>;
  /** Holds `key` until `untilMs` at once, before the push comes back. */
  add(key: string, untilMs: number): void;
  /** Stops following the feed and sweeping. */
  close(): void;
}

interface MirrorState {
  readonly feed: RevocationFeed;
  readonly settings: RevocationMirrorSettings;
  readonly entries: Map<string, number>;
  /** Local "not revoked" answers are trusted until then (milliseconds since the epoch). */
  trustedUntil: number;
  connected: boolean;
  /** Whether the last full load in this connection has finished. */
  current: boolean;
  /** Bumped by each load, so a late answer of an older load is dropped. */
  generation: number;
  /** Revocations not held for lack of room, counted; any since the last load: overflowed. */
  dropped: number;
  overflowed: boolean;
  /** When expired entries were last swept out (milliseconds since the epoch). */
  sweptAt: number;
  firstLoad: Deferred;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

const RESOLVED_TRUE = Promise.resolve(true);
const RESOLVED_FALSE = Promise.resolve(false);
const SWEEP_EVERY_MS = 30_000;
const MAX_RETRY_DELAY_MS = 2_000;

/**
 * Starts a mirror of `feed`: it follows the pushes at once and loads the full set once
 * subscribed.
 *
 * @example
 * ```ts
 * const mirror = createRevocationMirror(feed, { keyPrefix: 'revoked:', maxEntries: 100_000, maxStalenessMs: 1_000, onError });
 * await mirror.has('revoked:https%3A%2F%2Fid.example%2F:a1');
 * ```
 */
export function createRevocationMirror(
  feed: RevocationFeed,
  settings: RevocationMirrorSettings,
): RevocationMirror {
  const state: MirrorState = {
    feed,
    settings,
    entries: new Map(),
    trustedUntil: Number.NEGATIVE_INFINITY,
    connected: false,
    current: false,
    generation: 0,
    dropped: 0,
    overflowed: false,
    sweptAt: Date.now(),
    firstLoad: deferred(),
    retryTimer: undefined,
  };
  const stop = feed.follow(listenerOf(state));
  const sweeper = setInterval(() => sweep(state), SWEEP_EVERY_MS);
  unref(sweeper);
  return {
    has: (key) => lookup(state, key),
    add: (key, untilMs) => hold(state, key, untilMs),
    close() {
      stop();
      clearInterval(sweeper);
      clearTimeout(state.retryTimer);
      state.connected = false;
      state.generation++;
    },
  };
}

/** The per-request check: a map lookup, and a clock read to know the answer is current. */
function lookup(state: MirrorState, key: string): Promise<boolean> {
  const now = Date.now();
  const until = state.entries.get(key);
  if (until !== undefined) {
    if (until > now) return RESOLVED_TRUE;
    state.entries.delete(key);
  }
  if (now > state.trustedUntil) return untrusted(state, key);
  return state.overflowed ? state.feed.has(key) : RESOLVED_FALSE;
}

/**
 * Before the first load, a request waits for it (at most the staleness bound); after, a
 * mirror that cannot vouch for being current refuses to say "not revoked".
 */
function untrusted(state: MirrorState, key: string): Promise<boolean> {
  const unavailable = () => new StoreError('ERR_STORE_UNAVAILABLE');
  if (state.trustedUntil !== Number.NEGATIVE_INFINITY) return Promise.reject(unavailable());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable()), state.settings.maxStalenessMs);
  });
  return Promise.race([state.firstLoad.promise, deadline])
    .finally(() => clearTimeout(timer))
    .then(() => lookup(state, key));
}

function hold(state: MirrorState, key: string, untilMs: number): void {
  if (!(untilMs > Date.now())) return;
  const held = state.entries.get(key);
  if (held !== undefined) {
    if (untilMs > held) state.entries.set(key, untilMs);
    return;
  }
  if (state.entries.size >= state.settings.maxEntries) {
    state.dropped++;
    state.overflowed = true;
    return;
  }
  state.entries.set(key, untilMs);
}

function listenerOf(state: MirrorState): RevocationFeedListener {
  return {
    revoked: (key, untilMs) => hold(state, key, untilMs),
    connected() {
      state.connected = true;
      load(state, 0);
    },
    disconnected() {
      state.connected = false;
      state.current = false;
    },
    alive() {
      if (state.connected && state.current) trust(state);
      // Where no timer outlives a request (Workers), the feed's own rhythm sweeps instead.
      if (Date.now() - state.sweptAt >= SWEEP_EVERY_MS) sweep(state);
    },
  };
}

function trust(state: MirrorState): void {
  state.trustedUntil = Date.now() + state.settings.maxStalenessMs;
}

/**
 * Loads the full set. Pushes keep arriving meanwhile and are held as they come; the set is
 * only added to (revocations are never withdrawn), so the order of the two does not matter.
 */
function load(state: MirrorState, attempt: number): void {
  clearTimeout(state.retryTimer);
  const generation = ++state.generation;
  const droppedBefore = state.dropped;
  state.current = false;
  state.feed.load(state.settings.keyPrefix).then(
    (rows) => {
      if (generation !== state.generation || !state.connected) return;
      // Room freed since the overflow lets this load hold everything again, unless a push
      // was dropped during it (the load may have read the store before that push).
      state.overflowed = state.dropped !== droppedBefore;
      for (const [key, untilMs] of rows) hold(state, key, untilMs);
      state.current = true;
      trust(state);
      state.firstLoad.resolve();
    },
    (error: unknown) => {
      if (generation !== state.generation) return;
      state.settings.onError(error);
      const delay = Math.min(100 * 2 ** attempt, MAX_RETRY_DELAY_MS);
      state.retryTimer = setTimeout(() => {
        if (state.connected) load(state, attempt + 1);
      }, delay);
      unref(state.retryTimer);
    },
  );
}

/** Drops expired entries; once an overflow has room again, reloads to hold everything. */
function sweep(state: MirrorState): void {
  const now = Date.now();
  state.sweptAt = now;
  for (const [key, until] of state.entries) if (until <= now) state.entries.delete(key);
  if (state.overflowed && state.connected && state.entries.size < state.settings.maxEntries / 2) {
    load(state, 0);
  }
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Node's timers would keep a process alive for a mirror's housekeeping; they must not. */
function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
