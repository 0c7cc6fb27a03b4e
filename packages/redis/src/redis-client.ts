/**
 * The Redis connection a store opens itself from a URL: bounded reconnect back-off, a
 * listener for 'error' events, and a bounded command queue, so an outage never crashes the
 * process or piles up requests.
 */
import { createClient } from 'redis';

/**
 * The commands a store sends, as node-redis (`redis` v5 or later) types them.
 *
 * @example
 * ```ts
 * const commands: RedisCommands = client.withCommandOptions({ timeout: 500 });
 * ```
 */
export interface RedisCommands {
  get(key: string): Promise<unknown>;
  set(
    key: string,
    value: string,
    options: { expiration: { type: 'PX'; value: number }; condition?: 'NX' },
  ): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/**
 * The part of a node-redis client a store uses; a client from `createClient()` of the
 * `redis` package fits it.
 *
 * @example
 * ```ts
 * const client: RedisClientLike = createClient({ url: 'redis://127.0.0.1:6379' });
 * ```
 */
export interface RedisClientLike extends RedisCommands {
  withCommandOptions(options: { timeout: number }): RedisCommands;
}

/** How the owned client is set up. */
export interface OwnedClientSettings {
  readonly url: string;
  readonly commandTimeoutMs: number;
  readonly maxReconnectDelayMs: number;
  readonly onError: (error: Error) => void;
}

/** Requests that may wait for a reconnection at once; past it they fail at once. */
const MAX_QUEUED_COMMANDS = 10_000;

/**
 * Opens a client to `url` and starts connecting in the background. It reconnects for ever,
 * with exponential back-off capped at `maxReconnectDelayMs` and some jitter so that a fleet
 * does not reconnect in step; commands issued meanwhile wait at most their timeout.
 *
 * @example
 * ```ts
 * const client = openClient({ url, commandTimeoutMs: 500, maxReconnectDelayMs: 2_000, onError });
 * ```
 */
export function openClient(settings: OwnedClientSettings) {
  const client = createClient({
    url: settings.url,
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
    socket: {
      connectTimeout: Math.max(settings.commandTimeoutMs, 1_000),
      reconnectStrategy: (retries) =>
        Math.min(50 * 2 ** Math.min(retries, 16), settings.maxReconnectDelayMs) +
        Math.floor(Math.random() * 50),
    },
  });
  // Without a listener, an 'error' event (every failed reconnect emits one) would be thrown
  // and end the process.
  client.on('error', settings.onError);
  // The outcome of connecting is seen through the commands; this promise must not be left
  // to reject unhandled when Redis is down at start-up.
  client.connect().catch(settings.onError);
  return client;
}
