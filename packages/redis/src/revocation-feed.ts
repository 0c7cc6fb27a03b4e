/**
 * A revocation feed on Redis: each revocation is a key (the deny list's layout, under the
 * store prefix) and a message on a pub/sub channel, written together by one script; a
 * follower subscribes on a connection of its own and loads the keys with SCAN.
 */
import type { RevocationFeed, RevocationFeedListener } from '@jwt-guard/core/store';
import { StoreError } from '@jwt-guard/core/store';
import { openClient } from './redis-client.js';
import {
  type RedisRevocationFeedOptions,
  type ResolvedFeedOptions,
  resolveFeedOptions,
} from './resolve-feed-options.js';

export type { RedisRevocationFeedOptions } from './resolve-feed-options.js';

/**
 * A {@link RevocationFeed} on Redis, which can also close the connections it opened.
 *
 * @example
 * ```ts
 * process.on('SIGTERM', () => feed.close());
 * ```
 */
export interface RedisRevocationFeed extends RevocationFeed {
  /** Closes the command connection and every follower's subscription. */
  close(): Promise<void>;
}

/**
 * KEYS[1] the prefixed key; ARGV[1] its time to live (ms); ARGV[2] the channel; ARGV[3] the
 * message. One script, so no follower can see the key without the message or the reverse.
 */
const REVOKE_SCRIPT = `
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return redis.call('PUBLISH', ARGV[2], ARGV[3])
`;

const SCAN_COUNT = 1_000;

/**
 * Opens a revocation feed on the Redis at `url`, for `createDenyList({ feed })`. Its
 * entries are those of `createDenyList({ store: createRedisStore({ url }) })` with the same
 * prefix: a store-backed instance sees a feed's revocations at once, and a feed's mirror
 * sees a store-backed instance's revocations at its next full load (they are not pushed).
 *
 * @example
 * ```ts
 * const denyList = createDenyList({ feed: createRedisRevocationFeed({ url: process.env.REDIS_URL! }) });
 * app.use(jwtAuth({ issuer, audience, isRevoked: denyList.isRevoked }));
 * ```
 */
export function createRedisRevocationFeed(
  options: RedisRevocationFeedOptions,
): RedisRevocationFeed {
  const settings = resolveFeedOptions(options);
  const client = openClient(settings);
  const commands = client.withCommandOptions({ timeout: settings.commandTimeoutMs });
  const { prefix } = settings;
  const followers = new Set<() => Promise<void>>();
  return {
    async revoke(key, untilMs) {
      const ttlMs = Math.ceil(untilMs - Date.now());
      if (ttlMs <= 0) return;
      const message = `${untilMs} ${key}`;
      await unavailableOnFailure(() =>
        commands.eval(REVOKE_SCRIPT, {
          keys: [prefix + key],
          arguments: [String(ttlMs), settings.channel, message],
        }),
      );
    },
    async has(key) {
      return (await unavailableOnFailure(() => commands.exists(prefix + key))) === 1;
    },
    load: (keyPrefix) => unavailableOnFailure(() => loadAll(commands, prefix, keyPrefix)),
    follow(listener) {
      const stop = subscribe(settings, listener);
      followers.add(stop);
      return () => {
        followers.delete(stop);
        void stop();
      };
    },
    async close() {
      await Promise.all([...followers].map((stop) => stop()));
      followers.clear();
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}

type Commands = ReturnType<ReturnType<typeof openClient>['withCommandOptions']>;

/** Every key under `prefix + keyPrefix`, with its expiry read from its remaining time to live. */
async function loadAll(commands: Commands, prefix: string, keyPrefix: string) {
  const rows: Array<readonly [string, number]> = [];
  const match = `${escapeGlob(prefix + keyPrefix)}*`;
  for await (const keys of commands.scanIterator({ MATCH: match, COUNT: SCAN_COUNT })) {
    if (keys.length === 0) continue;
    const now = Date.now();
    const ttls = await Promise.all(keys.map((key) => commands.pTTL(key)));
    keys.forEach((key, index) => {
      const ttl = ttls[index]!;
      // -1: no expiry (not written by a deny list); -2: gone since the scan.
      if (ttl > 0) rows.push([key.slice(prefix.length), now + ttl]);
    });
  }
  return rows;
}

/**
 * Subscribes on a connection of its own and reports to `listener`: `connected` once the
 * subscription is in place (again), `disconnected` when the connection drops, `alive` each
 * time a heartbeat PING comes back. On one connection the reply follows every message
 * published before it, so an answered PING means nothing published earlier was missed.
 */
function subscribe(settings: ResolvedFeedOptions, listener: RevocationFeedListener) {
  const subscriber = openClient({ ...settings, onError: settings.onError });
  const pinging = subscriber.withCommandOptions({ timeout: settings.commandTimeoutMs });
  let subscribed = false;
  subscriber.on('ready', () => {
    if (subscribed) listener.connected();
  });
  const down = () => listener.disconnected();
  subscriber.on('error', down);
  subscriber.on('reconnecting', down);
  subscriber.on('end', down);
  subscriber
    .subscribe(settings.channel, (message) => onMessage(listener, message))
    .then(() => {
      subscribed = true;
      listener.connected();
    }, settings.onError);
  const heartbeat = setInterval(() => {
    if (!subscriber.isReady) return;
    pinging.ping().then(
      () => listener.alive(),
      () => {},
    );
  }, settings.heartbeatMs);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    subscriber.removeListener('end', down);
    if (subscriber.isReady) await subscriber.close();
    else subscriber.destroy();
  };
}

function onMessage(listener: RevocationFeedListener, message: string): void {
  const space = message.indexOf(' ');
  const untilMs = Number(message.slice(0, space));
  if (space > 0 && Number.isFinite(untilMs)) listener.revoked(message.slice(space + 1), untilMs);
}

async function unavailableOnFailure<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (cause) {
    throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
  }
}

/** SCAN's MATCH is a glob: the prefix's own `*?[]\` must match literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
