/** Checks createRedisRevocationFeed's options once, at creation. */
import { DEFAULT_STORE_PREFIX } from '@jwt-guard/core/store';
import { positiveInteger } from './resolve-options.js';

/**
 * Options of `createRedisRevocationFeed`.
 *
 * @example
 * ```ts
 * const options: RedisRevocationFeedOptions = { url: 'redis://127.0.0.1:6379', prefix: 'api-a:' };
 * ```
 */
export interface RedisRevocationFeedOptions {
  /** A `redis://` or `rediss://` URL; the feed opens its connections (one for commands, one per follower). */
  readonly url: string;
  /** Put before every key, as `createRedisStore`'s `prefix`. Default `'jwt-guard:'`. */
  readonly prefix?: string;
  /** The pub/sub channel revocations are pushed on. Default: the prefix then `revocations`. */
  readonly channel?: string;
  /** Longest wait for one command (a revocation, a load, a heartbeat), in milliseconds. Default 500. */
  readonly commandTimeoutMs?: number;
  /**
   * How often a follower checks its subscription is alive, in milliseconds. Keep it well
   * under the deny list's `maxStalenessMs` (default 1 000). Default 250.
   */
  readonly heartbeatMs?: number;
  /** Cap of the reconnect back-off, in milliseconds. Default 2 000. */
  readonly maxReconnectDelayMs?: number;
  /** Told of connection errors. Default: nothing. */
  readonly onError?: (error: Error) => void;
}

/** The options with defaults applied. */
export interface ResolvedFeedOptions {
  readonly url: string;
  readonly prefix: string;
  readonly channel: string;
  readonly commandTimeoutMs: number;
  readonly heartbeatMs: number;
  readonly maxReconnectDelayMs: number;
  readonly onError: (error: Error) => void;
}

/**
 * The options with their defaults, or a TypeError naming the option that is wrong.
 *
 * @example
 * ```ts
 * const settings = resolveFeedOptions({ url: 'redis://127.0.0.1:6379' });
 * ```
 */
export function resolveFeedOptions(options: RedisRevocationFeedOptions): ResolvedFeedOptions {
  const name = 'createRedisRevocationFeed';
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name}: options must be an object`);
  }
  const { url } = options;
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new TypeError(`${name}: url must be a redis:// or rediss:// URL`);
  }
  const prefix = options.prefix ?? DEFAULT_STORE_PREFIX;
  if (typeof prefix !== 'string') throw new TypeError(`${name}: prefix must be a string`);
  const channel = options.channel ?? `${prefix}revocations`;
  if (typeof channel !== 'string' || channel === '') {
    throw new TypeError(`${name}: channel must be a non-empty string`);
  }
  const onError = options.onError ?? (() => {});
  if (typeof onError !== 'function') throw new TypeError(`${name}: onError must be a function`);
  return {
    url,
    prefix,
    channel,
    commandTimeoutMs: positiveInteger(options.commandTimeoutMs, 500, 'commandTimeoutMs', name),
    heartbeatMs: positiveInteger(options.heartbeatMs, 250, 'heartbeatMs', name),
    maxReconnectDelayMs: positiveInteger(
      options.maxReconnectDelayMs,
      2_000,
      'maxReconnectDelayMs',
      name,
    ),
    onError,
  };
}
