/**
 * What a verifier keeps per issuer (routes, key sources), in bounded LRU maps. With a
 * resolver it keeps two, each of `maxIssuers` entries: issuers that have verified a token,
 * and the others. Unverified traffic only ever enters the second, so a flood of tokens
 * naming never-seen issuers cannot push an established issuer out, nor its cached keys,
 * verifications and backoff with it (issue 19 §1.1). Established issuers still replace
 * one another, least recently used first: that takes tokens that verify.
 */
import { LRUCache } from 'lru-cache';

/** A bounded map whose entries belong to an issuer. */
export interface IssuerCache<V> {
  /** The value under `key`. */
  get(key: string): V | undefined;
  /** Keeps `value` under `key`, as an entry of `issuer`. */
  set(key: string, value: V, issuer: string): void;
}

/** Which issuers have verified a token, and news of one that just has. */
export interface IssuerStanding {
  readonly isEstablished: (issuer: string) => boolean;
  /** Calls `listener` with each issuer whose token verifies for the first time (again). */
  onEstablished(listener: (issuer: string) => void): void;
}

interface Entry<V> {
  readonly value: V;
  readonly issuer: string;
}

/**
 * Creates the cache: one LRU map of `max` entries without `standing` (a fixed list of
 * issuers, all configured), else the two tiers.
 *
 * @example
 * ```ts
 * const sources = createIssuerCache<KeySource>(100, admission);
 * sources.set(key, source, iss);
 * ```
 */
export function createIssuerCache<V>(max: number, standing?: IssuerStanding): IssuerCache<V> {
  const established = new LRUCache<string, Entry<V>>({ max });
  if (standing === undefined) {
    return {
      get: (key) => established.get(key)?.value,
      set: (key, value, issuer) => established.set(key, { value, issuer }),
    };
  }
  const others = new LRUCache<string, Entry<V>>({ max });
  // Promoted as soon as a token verifies, before any unverified traffic can push it out.
  standing.onEstablished((issuer) => {
    for (const [key, entry] of [...others.entries()]) {
      if (entry.issuer !== issuer) continue;
      others.delete(key);
      established.set(key, entry);
    }
  });
  return {
    get: (key) => (established.get(key) ?? others.get(key))?.value,
    set(key, value, issuer) {
      const entry = { value, issuer };
      if (standing.isEstablished(issuer)) {
        others.delete(key);
        established.set(key, entry);
      } else {
        established.delete(key);
        others.set(key, entry);
      }
    },
  };
}
