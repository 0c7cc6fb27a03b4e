/**
 * The answers of one issuer's introspection endpoint, kept by token hash: in memory
 * (bounded by count and bytes, least recently used go first) and, with a `store`, in the fleet's shared store
 * under `introspection:<issuer>:<hash>` with the same time to live. An active answer is
 * kept until the earlier of its `exp` and `cacheMaxAge`; an inactive one for
 * `inactiveCacheMaxAge`. A store that fails is passed over: the endpoint is asked instead.
 */
import type { JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import type { SharedStore } from '../store/shared-store.js';

/** One answer as kept: the claims of an active token, or that it is not active. */
export type IntrospectionAnswer =
  | { readonly active: true; readonly claims: JWTPayload }
  | { readonly active: false };

/** What the cache needs. */
export interface IntrospectionCacheOptions {
  readonly issuer: string;
  readonly maxEntries: number;
  readonly cacheMaxAge: number;
  readonly inactiveCacheMaxAge: number;
  readonly store: SharedStore | undefined;
  readonly now: () => number;
}

/** The cache of one issuer's answers. */
export interface IntrospectionCache {
  /** The answer kept for the token of `hash`, from memory, else from the store. */
  get(hash: string): Promise<IntrospectionAnswer | undefined>;
  /** Keeps a fresh answer (not at all when its lifetime is nil). */
  set(hash: string, answer: IntrospectionAnswer): Promise<void>;
}

// The most bytes of answers kept in memory (estimated from their JSON), as the token cache's default.
const MAX_MEMORY_BYTES = 16 * 1024 * 1024;

interface Kept {
  readonly answer: IntrospectionAnswer;
  readonly until: number;
}

/**
 * Creates the cache.
 *
 * @example
 * ```ts
 * const cache = createIntrospectionCache({ issuer, maxEntries: 10_000, cacheMaxAge: 60_000, inactiveCacheMaxAge: 10_000, store: undefined, now: Date.now });
 * ```
 */
export function createIntrospectionCache(options: IntrospectionCacheOptions): IntrospectionCache {
  const { store, now } = options;
  // Bounded by count and by bytes, as the token cache is: answers can carry many claims.
  const memory = new LRUCache<string, Kept>({
    max: options.maxEntries,
    maxSize: MAX_MEMORY_BYTES,
    sizeCalculation: (kept) => JSON.stringify(kept.answer).length + 64,
  });
  const storeKey = (hash: string) => `introspection:${encodeURIComponent(options.issuer)}:${hash}`;
  return {
    async get(hash) {
      const kept = memory.get(hash);
      if (kept !== undefined) {
        if (kept.until > now()) return kept.answer;
        memory.delete(hash);
      }
      if (store === undefined) return undefined;
      const shared = await store.get(storeKey(hash)).catch(() => undefined);
      const parsed = shared === undefined ? undefined : parseKept(shared);
      if (parsed === undefined || parsed.until <= now()) return undefined;
      memory.set(hash, parsed);
      return parsed.answer;
    },
    async set(hash, answer) {
      const ttl = lifetime(answer, options, now());
      if (ttl <= 0) return;
      const kept = { answer, until: now() + ttl };
      memory.set(hash, kept);
      await store?.set(storeKey(hash), JSON.stringify(kept), ttl).catch(() => undefined);
    },
  };
}

// Until the earlier of `exp` and the configured maximum (RFC 7662 §4: a cache must not
// outlive the token).
function lifetime(
  answer: IntrospectionAnswer,
  options: IntrospectionCacheOptions,
  nowMs: number,
): number {
  if (!answer.active) return options.inactiveCacheMaxAge;
  const { exp } = answer.claims;
  const untilExp =
    typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 - nowMs : Number.POSITIVE_INFINITY;
  return Math.min(options.cacheMaxAge, untilExp);
}

// What another instance wrote; anything else is read as nothing kept.
function parseKept(text: string): Kept | undefined {
  try {
    const kept = JSON.parse(text) as Kept;
    const { answer, until } = kept;
    if (typeof until !== 'number' || typeof answer !== 'object' || answer === null)
      return undefined;
    if (answer.active === false) return { answer: { active: false }, until };
    const { claims } = answer as { claims?: unknown };
    if (
      answer.active !== true ||
      typeof claims !== 'object' ||
      claims === null ||
      Array.isArray(claims)
    ) {
      return undefined;
    }
    return { answer: { active: true, claims: claims as JWTPayload }, until };
  } catch {
    return undefined;
  }
}
