/**
 * createRedisStore against a real redis-server: values and expiry, atomic set-if-absent,
 * prefixes, a caller's own client, and what happens when Redis dies and comes back.
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

/** Unhandled rejections seen during a test: an outage must never produce one. */
function watchUnhandled() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return { seen, stop: () => process.off('unhandledRejection', listener) };
}

async function expectUnavailable(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe('ERR_STORE_UNAVAILABLE');
  expect((error as StoreError).cause).toBeInstanceOf(Error);
}

describe('createRedisStore with a running Redis', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('returns what was set, undefined for an unknown key, and forgets it after its TTL', async () => {
    const store = open({ url: server.url });
    await store.set('a', 'value 1', 60_000);
    expect(await store.get('a')).toBe('value 1');
    expect(await store.get('never-set')).toBeUndefined();
    await store.set('a', '{"json":"ü ✓"}', 60_000);
    expect(await store.get('a')).toBe('{"json":"ü ✓"}');
    await store.set('short', 'x', 50);
    expect(await store.get('short')).toBe('x');
    await sleep(120);
    expect(await store.get('short')).toBeUndefined();
  });

  it('setIfAbsent gives exactly one true to 50 concurrent callers on two connections', async () => {
    const first = open({ url: server.url });
    const second = open({ url: server.url });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? first : second).setIfAbsent('race', String(i), 60_000),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await first.get('race')).toBe(String(winner));
  });

  it('setIfAbsent stores again once the entry has expired', async () => {
    const store = open({ url: server.url });
    expect(await store.setIfAbsent('jti', '1', 50)).toBe(true);
    expect(await store.setIfAbsent('jti', '2', 50)).toBe(false);
    await sleep(120);
    expect(await store.setIfAbsent('jti', '3', 50)).toBe(true);
  });

  it('keeps prefixes apart, with jwt-guard: as the default', async () => {
    const a = open({ url: server.url, prefix: 'tenant-a:' });
    const b = open({ url: server.url, prefix: 'tenant-b:' });
    const plain = open({ url: server.url });
    await a.set('k', 'from a', 60_000);
    expect(await b.get('k')).toBeUndefined();
    expect(await b.setIfAbsent('k', 'from b', 60_000)).toBe(true);
    expect(await a.get('k')).toBe('from a');
    await plain.set('k', 'default', 60_000);

    const raw = createClient({ url: server.url });
    raw.on('error', () => {});
    await raw.connect();
    try {
      expect(await raw.get('tenant-a:k')).toBe('from a');
      expect(await raw.get('tenant-b:k')).toBe('from b');
      expect(await raw.get('jwt-guard:k')).toBe('default');
      expect(await raw.pTTL('jwt-guard:k')).toBeGreaterThan(59_000);
    } finally {
      raw.destroy();
    }
  });

  it('uses a client you pass, and leaves it open on close', async () => {
    const client = createClient({ url: server.url });
    client.on('error', () => {});
    await client.connect();
    try {
      const store = createRedisStore({ client, prefix: 'own:' });
      await store.set('k', 'v', 60_000);
      expect(await store.get('k')).toBe('v');
      await store.close();
      expect(client.isReady).toBe(true);
      expect(await client.get('own:k')).toBe('v');
    } finally {
      client.destroy();
    }
  });

  it('refuses a time to live that is not a positive finite number', async () => {
    const store = open({ url: server.url });
    for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.set('k', 'v', ttl)).rejects.toThrow(TypeError);
      await expect(store.setIfAbsent('k', 'v', ttl)).rejects.toThrow(TypeError);
    }
  });
});

describe('createRedisStore when Redis goes down', () => {
  it('rejects promptly with a typed error when Redis is killed, and recovers when it restarts', async () => {
    const unhandled = watchUnhandled();
    let server = await startRedisServer();
    try {
      const errors: Error[] = [];
      const store = open({
        url: server.url,
        commandTimeoutMs: 300,
        maxReconnectDelayMs: 200,
        onError: (e) => errors.push(e),
      });
      const failOpen = open({
        url: server.url,
        commandTimeoutMs: 300,
        maxReconnectDelayMs: 200,
        failOpen: true,
      });
      await store.set('k', 'before', 60_000);
      expect(await failOpen.get('k')).toBe('before');

      await server.stop();
      const started = performance.now();
      await Promise.all([
        expectUnavailable(store.get('k')),
        expectUnavailable(store.set('k', 'v', 60_000)),
        expectUnavailable(store.setIfAbsent('jti', '1', 60_000)),
      ]);
      // The three ran together: one command timeout plus slack, never a hang.
      expect(performance.now() - started).toBeLessThan(2_000);
      // failOpen: the loosening answers instead of rejecting.
      expect(await failOpen.get('k')).toBeUndefined();
      expect(await failOpen.setIfAbsent('jti', '1', 60_000)).toBe(true);
      await expect(failOpen.set('k', 'v', 60_000)).resolves.toBeUndefined();
      expect(errors.length).toBeGreaterThan(0);

      server = await startRedisServer(server.port);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (
          await store.set('k', 'after', 60_000).then(
            () => true,
            () => false,
          )
        )
          break;
        await sleep(100);
      }
      expect(await store.get('k')).toBe('after');
      expect(await store.setIfAbsent('jti', '1', 60_000)).toBe(true);
      // failOpen answers "absent" until its own reconnection, then the real value.
      while (Date.now() < deadline && (await failOpen.get('k')) !== 'after') await sleep(100);
      expect(await failOpen.get('k')).toBe('after');
      await sleep(50);
      expect(unhandled.seen).toEqual([]);
    } finally {
      unhandled.stop();
      await server.stop();
    }
  });

  it('rejects promptly, without unhandled errors, when Redis is down from the start', async () => {
    const unhandled = watchUnhandled();
    try {
      const store = open({ url: `redis://127.0.0.1:${await freePort()}`, commandTimeoutMs: 200 });
      const started = performance.now();
      await expectUnavailable(store.setIfAbsent('jti', '1', 60_000));
      await expectUnavailable(store.get('k'));
      expect(performance.now() - started).toBeLessThan(1_500);
      await sleep(300); // a few reconnect attempts, each emitting 'error'
      expect(unhandled.seen).toEqual([]);
    } finally {
      unhandled.stop();
    }
  });
});

describe('createRedisStore options', () => {
  it.each([
    [{}],
    [{ url: 'redis://127.0.0.1:1', client: {} }],
    [{ url: 'http://127.0.0.1:6379' }],
    [{ client: {} }],
    [{ url: 'redis://127.0.0.1:1', prefix: 1 }],
    [{ url: 'redis://127.0.0.1:1', commandTimeoutMs: 0 }],
    [{ url: 'redis://127.0.0.1:1', maxReconnectDelayMs: 1.5 }],
  ])('refuses %j at creation', (options) => {
    expect(() => createRedisStore(options as never)).toThrow(TypeError);
  });
});
