/** `@jwt-guard/redis`: a SharedStore on Redis for fleets of jwt-guard processes. */
export type { RedisClientLike, RedisCommands } from './redis-client.js';
export type { RedisStore, RedisStoreOptions } from './redis-store.js';
export { createRedisStore } from './redis-store.js';
export type { RedisRevocationFeed, RedisRevocationFeedOptions } from './revocation-feed.js';
export { createRedisRevocationFeed } from './revocation-feed.js';
