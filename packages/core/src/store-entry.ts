/**
 * `@jwt-guard/core/store`: shared state for fleets and edges. The store interface, its
 * implementations and their Durable Object classes, the DPoP replay store, and the revocation
 * feeds a deny list's local mirror follows (the seam, and the Workers feed on a Durable
 * Object). An entry of its own, above `store/`, since the feeds belong to the deny list.
 */
export type { ReplayStore } from './dpop/replay-store.js';
export { createMemoryReplayStore } from './dpop/replay-store.js';
export { replayStoreFrom } from './dpop/replay-store-from.js';
export * from './store/index.js';
export type {
  DurableObjectRevocationFeed,
  DurableObjectRevocationFeedOptions,
  WaitUntilLike,
} from './verify/durable-object-revocation-feed.js';
export { createDurableObjectRevocationFeed } from './verify/durable-object-revocation-feed.js';
export type { MirrorOptions } from './verify/mirrored-deny-list.js';
export type { RevocationFeed, RevocationFeedListener } from './verify/revocation-feed.js';
