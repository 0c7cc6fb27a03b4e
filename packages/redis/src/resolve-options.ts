/** Checks createRedisStore's options once, at creation, and a call's time to live. */
import { DEFAULT_STORE_PREFIX } from '@jwt-guard/core/store';
import type { RedisClientLike } from './redis-client.js';

/**
 * Options of `createRedisStore`: `url` (the store opens and owns its connection) or
 * `client` (yours; the store only sends commands on it).
 *
 * @example
 * ```ts
 * const options: RedisStoreOptions = { url: 'redis://127.0.0.1:6379', prefix: 'api-a:' };
 * ```
 */
export interface RedisStoreOptions {
  /** A `redis://` or `rediss://` URL; the store opens its connection. One of `url` and `client`. */
  readonly url?: string;
  /**
   * A node-redis client you created and connect yourself (`createClient()` of `redis`).
   * It must have an 'error' listener (node-redis throws 'error' events nobody listens to)
   * and is not closed by {@link RedisStore.close}. One of `url` and `client`.
   */
  readonly client?: RedisClientLike;
  /** Put before every key. Default `'jwt-guard:'`. */
  readonly prefix?: string;
  /**
   * Longest wait for one command, including a wait for a reconnection, in milliseconds.
   * Default 500.
   */
  readonly commandTimeoutMs?: number;
  /** Cap of the reconnect back-off of a connection opened from `url`, in milliseconds. Default 2 000. */
  readonly maxReconnectDelayMs?: number;
  /**
   * A loosening: when Redis cannot answer, `get` resolves undefined, `set` resolves, and
   * `setIfAbsent` resolves **true**, so replay and deny checks built on the store let
   * requests through for the length of the outage. `compareAndSet` and `delete` never
   * fail open: they reject even so, since refresh and key state cannot be pretended.
   * Default false: operations reject with
   * a `StoreError` of code `ERR_STORE_UNAVAILABLE` and callers fail closed.
   */
  readonly failOpen?: boolean;
  /** Told of connection errors and, with `failOpen`, of every failed operation. Default: nothing. */
  readonly onError?: (error: Error) => void;
}

/** The options with defaults applied. */
export interface ResolvedOptions {
  readonly client: RedisClientLike | undefined;
  readonly prefix: string;
  readonly commandTimeoutMs: number;
  readonly maxReconnectDelayMs: number;
  readonly failOpen: boolean;
  readonly onError: (error: Error) => void;
}

/**
 * The options with their defaults, or a TypeError naming the option that is wrong.
 *
 * @example
 * ```ts
 * const settings = resolveOptions({ url: 'redis://127.0.0.1:6379' });
 * ```
 */
export function resolveOptions(options: RedisStoreOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createRedisStore: options must be an object');
  }
  const { url, client } = options;
  if ((url === undefined) === (client === undefined)) {
    throw new TypeError('createRedisStore: give exactly one of url and client');
  }
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    throw new TypeError('createRedisStore: url must be a redis:// or rediss:// URL');
  }
  if (client !== undefined && typeof client?.withCommandOptions !== 'function') {
    throw new TypeError('createRedisStore: client must be a node-redis client');
  }
  const prefix = options.prefix ?? DEFAULT_STORE_PREFIX;
  if (typeof prefix !== 'string') throw new TypeError('createRedisStore: prefix must be a string');
  const onError = options.onError ?? (() => {});
  if (typeof onError !== 'function')
    throw new TypeError('createRedisStore: onError must be a function');
  return {
    client,
    prefix,
    commandTimeoutMs: positiveInteger(options.commandTimeoutMs, 500, 'commandTimeoutMs'),
    maxReconnectDelayMs: positiveInteger(options.maxReconnectDelayMs, 2_000, 'maxReconnectDelayMs'),
    failOpen: options.failOpen === true,
    onError,
  };
}

/**
 * `value`, or `fallback` when it is undefined; a TypeError naming `factory`'s option `name`
 * when it is not a positive integer.
 *
 * @example
 * ```ts
 * positiveInteger(options.commandTimeoutMs, 500, 'commandTimeoutMs'); // 500 when unset
 * ```
 */
export function positiveInteger(
  value: number | undefined,
  fallback: number,
  name: string,
  factory = 'createRedisStore',
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${factory}: ${name} must be a positive integer`);
  }
  return value;
}

/**
 * The time to live as Redis takes `PX`: whole milliseconds, rounded up. Not positive or not
 * finite is a caller's bug: a TypeError.
 *
 * @example
 * ```ts
 * checkedTtl(1.2); // 2
 * ```
 */
export function checkedTtl(ttlMs: number): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TypeError('ttlMs must be a positive, finite number of milliseconds');
  }
  return Math.ceil(ttlMs);
}
