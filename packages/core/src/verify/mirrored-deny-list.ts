/**
 * The deny list on a feed: revocations are written through the feed (stored and pushed in
 * one step) and read from the instance's local mirror, so a request costs a map lookup.
 */
import type { JWTPayload } from 'jose';
import type { RevocationFeed } from './revocation-feed.js';
import { checkedRevocation, payloadRevocationKey } from './revocation-key.js';
import { createRevocationMirror } from './revocation-mirror.js';

/** The options of `createDenyList` that concern a feed. */
export interface MirrorOptions {
  /**
   * Where revocations are kept and pushed from: `createRedisRevocationFeed(…)` from
   * `@jwt-guard/redis`. Each instance then keeps a local mirror of the revocations in force,
   * loaded in full at start and after every reconnection and kept current by pushes, and
   * checks a token against it without a round trip. One of `store` and `feed`.
   */
  readonly feed?: RevocationFeed;
  /**
   * With `feed`: most revocations the mirror holds. Past it, a token whose revocation is
   * not held is checked with a store read, until expiries make room. Default 100 000
   * (a few tens of MB at worst).
   */
  readonly maxEntries?: number;
  /**
   * With `feed`: how long (milliseconds) after the last sign of a live subscription the
   * mirror's "not revoked" is still trusted. Past it, until the feed is back and the full
   * set reloaded, the check fails closed (503, `ERR_REVOCATION_UNAVAILABLE`) unless
   * `failOpen`. Default 1 000.
   */
  readonly maxStalenessMs?: number;
  /** With `feed`: told when loading the full set fails (it is retried). Default: nothing. */
  readonly onError?: (error: unknown) => void;
}

/** What `createDenyList` resolved for a feed. */
interface MirroredSettings extends MirrorOptions {
  readonly feed: RevocationFeed;
  readonly prefix?: string;
  readonly failOpen?: boolean;
}

const RESOLVED_FALSE = Promise.resolve(false);

/**
 * A deny list reading a local mirror of `feed`. Options are checked here, at creation.
 *
 * @example
 * ```ts
 * const denyList = createMirroredDenyList({ feed: createRedisRevocationFeed({ url }) });
 * ```
 */
export function createMirroredDenyList(options: MirroredSettings): {
  revoke(jti: string, until: number, iss: string): Promise<void>;
  readonly isRevoked: (payload: JWTPayload) => Promise<boolean>;
  close(): void;
} {
  const { feed } = options;
  if (
    ['revoke', 'has', 'load', 'follow'].some((name) => typeof feed[name as 'has'] !== 'function')
  ) {
    throw new TypeError('jwt-guard: createDenyList() option "feed" must be a RevocationFeed');
  }
  const prefix = options.prefix ?? 'revoked:';
  const failOpen = options.failOpen === true;
  const onError = options.onError ?? (() => {});
  if (typeof onError !== 'function') {
    throw new TypeError('jwt-guard: createDenyList() option "onError" must be a function');
  }
  const mirror = createRevocationMirror(feed, {
    keyPrefix: prefix,
    maxEntries: positive(options.maxEntries, 100_000, 'maxEntries'),
    maxStalenessMs: positive(options.maxStalenessMs, 1_000, 'maxStalenessMs'),
    onError,
  });
  const failingOpen = () => false;
  return {
    async revoke(jti, until, iss) {
      const { key, untilMs } = checkedRevocation(prefix, jti, until, iss);
      if (untilMs <= Date.now()) return;
      await feed.revoke(key, untilMs);
      // This instance refuses the token at once, without waiting for its own push.
      mirror.add(key, untilMs);
    },
    isRevoked(payload) {
      const key = payloadRevocationKey(prefix, payload);
      if (key === undefined) return RESOLVED_FALSE;
      const answer = mirror.has(key);
      return failOpen ? answer.catch(failingOpen) : answer;
    },
    close: () => mirror.close(),
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`jwt-guard: createDenyList() option "${name}" must be a positive integer`);
  }
  return value;
}
