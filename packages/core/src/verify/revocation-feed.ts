/**
 * The seam between a deny list's local mirror and the backend that shares revocations
 * across a fleet: the full current set on demand, then every new revocation pushed.
 */

/**
 * What a feed tells the mirror that follows it. The feed calls these from its own events,
 * never per request.
 */
export interface RevocationFeedListener {
  /** A revocation was pushed: `key` is refused until `untilMs` (milliseconds since the epoch). */
  revoked(key: string, untilMs: number): void;
  /**
   * The subscription is (again) in place: every revocation from now on will be pushed. The
   * mirror answers by loading the full set, so nothing revoked while it was down is missed.
   */
  connected(): void;
  /** The subscription is down: pushes may be missed until the next `connected()`. */
  disconnected(): void;
  /** The subscription was just confirmed alive (a heartbeat answered). */
  alive(): void;
}

/**
 * A shared deny set that can push its changes: `createRedisRevocationFeed` from
 * `@jwt-guard/redis` (Redis pub/sub beside the store's keys). Keys are those of
 * `createDenyList`'s layout (`revoked:<issuer URI-encoded>:<jti>`), so a feed and a plain
 * store-backed deny list on the same Redis and prefix read and write the same entries.
 *
 * @example
 * ```ts
 * const denyList = createDenyList({ feed: createRedisRevocationFeed({ url }) });
 * ```
 */
export interface RevocationFeed {
  /** Stores `key` until `untilMs` and pushes it to every follower, in one step. */
  revoke(key: string, untilMs: number): Promise<void>;
  /** Whether `key` is stored now: a store read, used only when the mirror is over its bound. */
  has(key: string): Promise<boolean>;
  /** Every revocation in force whose key starts with `keyPrefix`, with its expiry. */
  load(keyPrefix: string): Promise<ReadonlyArray<readonly [key: string, untilMs: number]>>;
  /** Starts pushing to `listener`; the returned function stops it. */
  follow(listener: RevocationFeedListener): () => void;
}
