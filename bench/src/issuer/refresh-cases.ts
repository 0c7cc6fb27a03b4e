/**
 * The `refresh()` cases, on the memory store and on a real redis-server: a pool of families
 * refreshed in turn (each call presents the family's latest token, as a client would), with
 * the store calls of each refresh counted.
 */
import { assertAtomicStore, createMemoryStore } from '@jwt-guard/core/store';
import { startRedisServer } from '@jwt-guard/testing';
import { createTokenIssuer } from '../../../packages/issuer/src/index.js';
import { createRedisStore } from '../../../packages/redis/src/index.js';
import { countingStore, ISSUER, SECRET } from './issuer-setup.js';

/** A refresh case: one call per `run()`, with the store calls it made. */
export interface RefreshCase {
  readonly id: string;
  readonly label: string;
  run(): Promise<unknown>;
  /** Store calls (Redis: round trips) of every refresh so far. */
  readonly tripsPerCall: number[];
  /** Of those, the calls that re-read the key ring (once per `keys.refreshEvery`). */
  readonly ringReads: number[];
}

async function refreshCase(
  id: string,
  label: string,
  inner: ReturnType<typeof assertAtomicStore>,
  families: number,
): Promise<RefreshCase> {
  const { store, calls } = countingStore(inner);
  const tokens = createTokenIssuer({
    issuer: ISSUER,
    audience: ISSUER,
    store,
    keys: { encryptionSecret: SECRET, schedule: false },
  });
  const pool: string[] = [];
  for (let i = 0; i < families; i += 1) {
    pool.push((await tokens.issue({ sub: `user-${i}`, scope: 'read write' })).refreshToken);
  }
  const tripsPerCall: number[] = [];
  const ringReads: number[] = [];
  const cursor = { next: 0 };
  return {
    id,
    label,
    tripsPerCall,
    ringReads,
    async run() {
      const slot = cursor.next;
      cursor.next = (slot + 1) % pool.length;
      const before = { ...calls };
      pool[slot] = (await tokens.refresh(pool[slot]!)).refreshToken;
      tripsPerCall.push(calls.count - before.count);
      ringReads.push(calls.ring - before.ring);
    },
  };
}

/**
 * Starts redis-server and makes both cases, `families` families each.
 *
 * @example
 * ```ts
 * const { cases, close } = await refreshCases(500);
 * ```
 */
export async function refreshCases(families: number) {
  const redis = await startRedisServer();
  const redisStore = createRedisStore({ url: redis.url });
  const memory = assertAtomicStore(createMemoryStore(), 'store');
  const cases = [
    await refreshCase('refresh-memory', 'refresh(), memory store', memory, families),
    await refreshCase(
      'refresh-redis',
      'refresh(), Redis (loopback)',
      assertAtomicStore(redisStore, 'store'),
      families,
    ),
  ];
  return {
    cases,
    close: async () => {
      await redisStore.close();
      await redis.stop();
    },
  };
}
