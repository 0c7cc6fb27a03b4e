/** A SharedStore on Redis: one store for every process of a fleet. */
import { type SharedStore, StoreError } from '@jwt-guard/core/store';
import { COMPARE_AND_SET_SCRIPT, compareAndSetArguments } from './compare-and-set-script.js';
import { openClient } from './redis-client.js';
import {
  checkedTtl,
  type RedisStoreOptions,
  type ResolvedOptions,
  resolveOptions,
} from './resolve-options.js';

export type { RedisStoreOptions } from './resolve-options.js';

/**
 * A {@link SharedStore} on Redis, which can also close the connection it opened.
 *
 * @example
 * ```ts
 * process.on('SIGTERM', () => store.close());
 * ```
 */
export interface RedisStore extends Required<SharedStore> {
  /** Closes the connection opened from `url`; does nothing to a `client` you passed. */
  close(): Promise<void>;
}

/**
 * A {@link SharedStore} on Redis: `GET`, `SET … PX` and `SET … NX PX` under the prefix.
 * `setIfAbsent` is one `SET NX`, atomic on the server, so exactly one of any number of
 * concurrent callers in any number of processes gets true: what DPoP replay detection
 * (`replayStoreFrom`) and deny lists need. `compareAndSet` is one Lua script (`EVAL`, one
 * round trip; Redis runs a script with nothing in between), so refresh-token rotation and
 * a key ring shared by a fleet have exactly one winner; `delete` is one `DEL`.
 *
 * When Redis is down, slow or unreachable, every operation rejects within
 * `commandTimeoutMs` with a `StoreError` of code `ERR_STORE_UNAVAILABLE` (the client's
 * error as `cause`); it never hangs, and connection errors never surface as unhandled
 * 'error' events or rejections. Callers decide what that means: a key cache falls back to
 * its local copy; a replay or deny check answers 503 (fail closed), unless `failOpen`.
 * `compareAndSet` and `delete` reject on an outage **even with `failOpen`**: a write that
 * resolved true without happening would let two refreshes of one token both win, or a
 * revoked family look deleted, and nothing can fail open safely there.
 * A connection opened from `url` reconnects by itself and the store recovers with it.
 *
 * @example
 * ```ts
 * const store = createRedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * const replayStore = replayStoreFrom(store);
 * ```
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const settings = resolveOptions(options);
  const owned =
    settings.client === undefined ? openClient({ ...settings, url: options.url! }) : undefined;
  const commands = (owned ?? settings.client!).withCommandOptions({
    timeout: settings.commandTimeoutMs,
  });
  const { prefix } = settings;
  const run = <T>(command: () => Promise<unknown>, read: (reply: unknown) => T, open: T) =>
    lenient(settings, command, read, open);

  return {
    get(key) {
      return run(
        () => commands.get(prefix + key),
        (reply) => (typeof reply === 'string' ? reply : undefined),
        undefined,
      );
    },
    async set(key, value, ttlMs) {
      const expiration = { type: 'PX', value: checkedTtl(ttlMs) } as const;
      await run(
        () => commands.set(prefix + key, value, { expiration }),
        () => undefined,
        undefined,
      );
    },
    async setIfAbsent(key, value, ttlMs) {
      const expiration = { type: 'PX', value: checkedTtl(ttlMs) } as const;
      return run(
        () => commands.set(prefix + key, value, { expiration, condition: 'NX' }),
        // SET NX answers OK when it stored, and nil when the key was there.
        (reply) => reply === 'OK',
        true,
      );
    },
    async compareAndSet(key, expected, next, ttlMs) {
      const args = compareAndSetArguments(expected, next, checkedTtl(ttlMs));
      return strict(
        () => commands.eval(COMPARE_AND_SET_SCRIPT, { keys: [prefix + key], arguments: args }),
        (reply) => reply === 1,
      );
    },
    async delete(key) {
      await strict(
        () => commands.del(prefix + key),
        () => undefined,
      );
    },
    async close() {
      if (owned === undefined) return;
      // A graceful close waits for Redis; when it is unreachable, drop the socket at once.
      if (owned.isReady) await owned.close();
      else owned.destroy();
    },
  };
}

/** For the atomic operations, which never pretend: an outage rejects even with failOpen. */
async function strict<T>(command: () => Promise<unknown>, read: (reply: unknown) => T) {
  let reply: unknown;
  try {
    reply = await command();
  } catch (cause) {
    throw new StoreError('ERR_STORE_UNAVAILABLE', { cause });
  }
  return read(reply);
}

/** For reads and plain writes: with `failOpen`, an outage is reported and answers `open`. */
async function lenient<T>(
  settings: Pick<ResolvedOptions, 'failOpen' | 'onError'>,
  command: () => Promise<unknown>,
  read: (reply: unknown) => T,
  open: T,
) {
  let reply: unknown;
  try {
    reply = await command();
  } catch (cause) {
    const error = new StoreError('ERR_STORE_UNAVAILABLE', { cause });
    if (!settings.failOpen) throw error;
    settings.onError(error);
    return open;
  }
  return read(reply);
}
