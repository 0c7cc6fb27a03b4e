/** Shared state for fleets and edges: the store interface, its implementations and adapters. */

export type { AtomicSharedStore } from './atomic-store.js';
export { assertAtomicStore } from './atomic-store.js';
export type { CacheApiStoreOptions, CacheLike } from './cache-api-store.js';
export { createCacheApiStore } from './cache-api-store.js';
export type {
  DurableObjectNamespaceLike,
  DurableObjectStoreOptions,
} from './durable-object-store.js';
export { createDurableObjectStore } from './durable-object-store.js';
export type { KvNamespaceLike, KvStoreOptions } from './kv-store.js';
export { createKvStore } from './kv-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export { createMemoryStore } from './memory-store.js';
export type { RevocationStateLike, RevocationStorageLike } from './revocation-object.js';
export { JwtGuardRevocationObject } from './revocation-object.js';
export type { SharedStore } from './shared-store.js';
export { DEFAULT_STORE_PREFIX } from './shared-store.js';
export type { StoreErrorCode } from './store-error.js';
export { STORE_ERROR_MESSAGES, StoreError } from './store-error.js';
export type { DurableObjectStateLike, DurableObjectStorageLike } from './store-object.js';
export { JwtGuardStoreObject } from './store-object.js';
