/**
 * The Redis store's atomic operations against a real redis-server: compareAndSet (one Lua
 * script, one round trip) and delete, raced from two connections, with times to live,
 * prefixes, a caller's own client, and an outage that rejects even with failOpen.
 */
import { StoreError } from '@jwt-guard/core/store';
import { freePort, type RedisServer, startRedisServer } from '@jwt-guard/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const opened: RedisStore[] = [];
function open(options: Parameters<typeof createRedisStore>[0]) {
  const store = createRedisStore(options);
  opened.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function rawClient(url: string) {
  const raw = createClient({ url });
  raw.on('error', () => {});
  await raw.connect();
  return raw;
}

async function expectUnavailable(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe('ERR_STORE_UNAVAILABLE');
}

describe('createRedisStore compareAndSet and delete with a running Redis', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stores only over the value expected, undefined meaning absent', async () => {
    const store = open({ url: server.url });
    expect(await store.compareAndSet('k', undefined, 'one', 60_000)).toBe(true);
    expect(await store.compareAndSet('k', undefined, 'two', 60_000)).toBe(false);
    expect(await store.compareAndSet('k', 'other', 'two', 60_000)).toBe(false);
    expect(await store.get('k')).toBe('one');
    expect(await store.compareAndSet('k', 'one', 'two', 60_000)).toBe(true);
    expect(await store.get('k')).toBe('two');
    expect(await store.compareAndSet('absent', 'x', 'y', 60_000)).toBe(false);
    expect(await store.get('absent')).toBeUndefined();
    await store.set('empty', '', 60_000);
    expect(await store.compareAndSet('empty', undefined, 'x', 60_000)).toBe(false);
    expect(await store.compareAndSet('empty', '', '{"ü":"✓"}', 60_000)).toBe(true);
    expect(await store.get('empty')).toBe('{"ü":"✓"}');
  });

  it('gives exactly one win per round to two connections racing 100 rounds', async () => {
    const first = open({ url: server.url });
    const second = open({ url: server.url });
    let current: string | undefined;
    for (let round = 0; round < 100; round++) {
      const expected = current;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? first : second).compareAndSet('race', expected, `${round}:${i}`, 60_000),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      current = `${round}:${results.indexOf(true)}`;
      expect(await first.get('race')).toBe(current);
    }
  });

  it('gives the value it stores its own TTL, and counts an expired key as absent', async () => {
    const store = open({ url: server.url });
    // Connected before the write: on a loaded machine a new connection can outlast the TTL.
    const raw = await rawClient(server.url);
    try {
      await store.set('k', 'old', 60_000);
      expect(await store.compareAndSet('k', 'old', 'new', 400)).toBe(true);
      const ttl = await raw.pTTL('jwt-guard:k');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(400);
    } finally {
      raw.destroy();
    }
    await sleep(600);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.compareAndSet('k', 'new', 'x', 60_000)).toBe(false);
    expect(await store.compareAndSet('k', undefined, 'again', 60_000)).toBe(true);
  });

  it('is one EVAL round trip under the prefix, and delete one DEL', async () => {
    const store = open({ url: server.url, prefix: 'tenant-a:' });
    const other = open({ url: server.url, prefix: 'tenant-b:' });
    await store.get('warm-up');
    const raw = await rawClient(server.url);
    try {
      await raw.configResetStat();
      expect(await store.compareAndSet('k', undefined, 'a', 60_000)).toBe(true);
      const stats = await raw.info('commandstats');
      // One EVAL from the client; Redis counts the GET and SET the script runs as well,
      // so a client-side read or write besides the script would make two of either.
      expect(stats).toMatch(/cmdstat_eval:calls=1,/);
      expect(stats).toMatch(/cmdstat_get:calls=1,/);
      expect(stats).toMatch(/cmdstat_set:calls=1,/);
      expect(stats).not.toMatch(/cmdstat_(evalsha|script)/);
      expect(await raw.get('tenant-a:k')).toBe('a');
      expect(await other.compareAndSet('k', 'a', 'b', 60_000)).toBe(false);
      expect(await other.compareAndSet('k', undefined, 'b', 60_000)).toBe(true);
      expect(await raw.get('tenant-b:k')).toBe('b');
      await store.delete('k');
      expect(await raw.exists('tenant-a:k')).toBe(0);
      expect(await raw.get('tenant-b:k')).toBe('b');
      await store.delete('never-set');
    } finally {
      raw.destroy();
    }
  });

  it('works on a client you pass, and refuses a bad TTL with a TypeError', async () => {
    const client = await rawClient(server.url);
    try {
      const store = createRedisStore({ client, prefix: 'own:' });
      expect(await store.compareAndSet('k', undefined, 'v', 60_000)).toBe(true);
      expect(await client.get('own:k')).toBe('v');
      for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.compareAndSet('k', 'v', 'w', ttl)).rejects.toThrow(TypeError);
      }
      expect(await client.get('own:k')).toBe('v');
    } finally {
      client.destroy();
    }
  });
});

describe('createRedisStore compareAndSet when Redis is down', () => {
  it('rejects with ERR_STORE_UNAVAILABLE even with failOpen, never pretending it stored', async () => {
    const server = await startRedisServer();
    try {
      const strict = open({ url: server.url, commandTimeoutMs: 300, maxReconnectDelayMs: 200 });
      const failOpen = open({
        url: server.url,
        commandTimeoutMs: 300,
        maxReconnectDelayMs: 200,
        failOpen: true,
      });
      expect(await strict.compareAndSet('k', undefined, 'v', 60_000)).toBe(true);
      await server.stop();
      const started = performance.now();
      await Promise.all([
        expectUnavailable(strict.compareAndSet('k', 'v', 'w', 60_000)),
        expectUnavailable(failOpen.compareAndSet('k', 'v', 'w', 60_000)),
        expectUnavailable(failOpen.compareAndSet('fresh', undefined, 'w', 60_000)),
        expectUnavailable(strict.delete('k')),
        expectUnavailable(failOpen.delete('k')),
      ]);
      // Within the command timeout plus slack: never a hang.
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await server.stop();
    }
  });

  it('rejects promptly when Redis is down from the start', async () => {
    const store = open({
      url: `redis://127.0.0.1:${await freePort()}`,
      commandTimeoutMs: 200,
      failOpen: true,
    });
    const started = performance.now();
    await expectUnavailable(store.compareAndSet('k', undefined, 'v', 60_000));
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
