/**
 * The SharedStore contract, run against each implementation in core: values, time to live,
 * prefixes and the backend-down answer. KV and the Cache API run against in-memory fakes
 * of their interfaces (./fakes.ts): the real ones exist only inside workerd.
 */
import { describe, expect, it } from 'vitest';
import {
  createCacheApiStore,
  createKvStore,
  createMemoryStore,
  type SharedStore,
  StoreError,
} from '../../src/store/index.js';
import { createFakeCache, createFakeKv, sleep } from './fakes.js';

const origin = 'https://api.example.com';

const kinds: [string, (prefix?: string) => SharedStore][] = [
  ['memory', (prefix) => createMemoryStore(prefix === undefined ? {} : { prefix })],
  ['KV', (prefix) => createKvStore(sharedKv, prefix === undefined ? {} : { prefix })],
  ['Cache API', (prefix) => createCacheApiStore(sharedCache, { origin, prefix })],
];
// One backend per kind for the whole file, so prefix isolation is tested for real.
const sharedKv = createFakeKv();
const sharedCache = createFakeCache();

describe.each(kinds)('%s store', (_kind, make) => {
  it('returns what was set, and undefined for an unknown key', async () => {
    const store = make();
    await store.set('a', 'value 1', 60_000);
    expect(await store.get('a')).toBe('value 1');
    expect(await store.get('never-set')).toBeUndefined();
    await store.set('a', 'value 2', 60_000);
    expect(await store.get('a')).toBe('value 2');
  });

  it('keeps any string value as is', async () => {
    const store = make();
    const value = '{"k":"ü ✓ 12:34\\n"}\u0000';
    await store.set('json', value, 60_000);
    expect(await store.get('json')).toBe(value);
    await store.set('empty', '', 60_000);
    expect(await store.get('empty')).toBe('');
  });

  it('forgets an entry once its time to live has passed', async () => {
    const store = make();
    await store.set('short', 'x', 30);
    expect(await store.get('short')).toBe('x');
    await sleep(60);
    expect(await store.get('short')).toBeUndefined();
  });

  it('keeps stores with different prefixes apart on one backend', async () => {
    const a = make('tenant-a:');
    const b = make('tenant-b:');
    await a.set('k', 'from a', 60_000);
    expect(await b.get('k')).toBeUndefined();
    await b.set('k', 'from b', 60_000);
    expect(await a.get('k')).toBe('from a');
    expect(await b.get('k')).toBe('from b');
  });

  it('refuses a time to live that is not a positive finite number', async () => {
    const store = make();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.set('k', 'v', ttl)).rejects.toThrow(TypeError);
    }
  });

  it('refuses a prefix that is not a string, at creation', () => {
    expect(() => make(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('memory store', () => {
  it('sets if absent exactly once, and again after expiry', async () => {
    const store = createMemoryStore();
    expect(await store.setIfAbsent('jti', '1', 30)).toBe(true);
    expect(await store.setIfAbsent('jti', '2', 30)).toBe(false);
    expect(await store.get('jti')).toBe('1');
    await sleep(60);
    expect(await store.setIfAbsent('jti', '3', 30)).toBe(true);
  });

  it('gives exactly one true to 50 concurrent callers', async () => {
    const store = createMemoryStore();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.setIfAbsent('race', String(i), 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('holds at most maxEntries, dropping the least recently used', async () => {
    const store = createMemoryStore({ maxEntries: 2 });
    await store.set('a', '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.set('c', '3', 60_000);
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('c')).toBe('3');
  });

  it('puts the default prefix before keys', async () => {
    const a = createMemoryStore();
    await a.set('k', 'v', 60_000);
    expect(await a.get('k')).toBe('v');
  });

  it.each([{ maxEntries: 0 }, { maxEntries: 1.5 }, null])('refuses options %j', (options) => {
    expect(() => createMemoryStore(options as never)).toThrow(TypeError);
  });
});

describe('KV store', () => {
  it('rounds a short time to live up to KV’s 60 s minimum, and still honours it on read', async () => {
    const kv = createFakeKv();
    const store = createKvStore(kv);
    await store.set('k', 'v', 1_000);
    const entry = kv.entries.get('jwt-guard:k');
    expect(entry!.expiresAtMs - Date.now()).toBeGreaterThan(59_000);
    await store.set('short', 'x', 30);
    await sleep(60);
    expect(kv.entries.has('jwt-guard:short')).toBe(true);
    expect(await store.get('short')).toBeUndefined();
  });

  it('treats a value not written by the store as absent', async () => {
    const kv = createFakeKv();
    await kv.put('jwt-guard:foreign', 'no expiry in front', { expirationTtl: 60 });
    expect(await createKvStore(kv).get('foreign')).toBeUndefined();
  });

  it('refuses setIfAbsent: KV cannot do it atomically', async () => {
    const kv = createFakeKv();
    const error = await createKvStore(kv)
      .setIfAbsent('jti', '1', 60_000)
      .catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('ERR_STORE_NOT_ATOMIC');
    expect(kv.entries.size).toBe(0);
  });

  it('rejects with ERR_STORE_UNAVAILABLE, the KV error as cause, when KV is down', async () => {
    const kv = createFakeKv();
    const store = createKvStore(kv);
    kv.down = true;
    for (const call of [store.get('k'), store.set('k', 'v', 60_000)]) {
      const error = (await (call as Promise<unknown>).catch((e: unknown) => e)) as StoreError;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('ERR_STORE_UNAVAILABLE');
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  it('refuses something that is not a namespace, at creation', () => {
    expect(() => createKvStore({} as never)).toThrow(TypeError);
  });
});

describe('Cache API store', () => {
  it('caches under a URL of the origin with max-age and the exact expiry', async () => {
    const cache = createFakeCache();
    await createCacheApiStore(cache, { origin, prefix: 'p/' }).set('a b', 'v', 1_500);
    const [url, entry] = [...cache.entries][0]!;
    expect(url).toBe('https://api.example.com/p%2Fa%20b');
    expect(entry.response.headers.get('cache-control')).toBe('max-age=2');
    expect(Number(entry.response.headers.get('x-jwt-guard-expires'))).toBeGreaterThan(Date.now());
  });

  it('treats an entry without the expiry header as absent', async () => {
    const cache = createFakeCache();
    await cache.put(
      `${origin}/jwt-guard%3Ak`,
      new Response('v', { headers: { 'cache-control': 'max-age=60' } }),
    );
    expect(await createCacheApiStore(cache, { origin }).get('k')).toBeUndefined();
  });

  it('refuses setIfAbsent: the Cache API cannot do it atomically', async () => {
    const error = await createCacheApiStore(createFakeCache(), { origin })
      .setIfAbsent('jti', '1', 60_000)
      .catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('ERR_STORE_NOT_ATOMIC');
  });

  it('rejects with ERR_STORE_UNAVAILABLE when the cache fails', async () => {
    const cache = createFakeCache();
    const store = createCacheApiStore(cache, { origin });
    cache.down = true;
    for (const call of [store.get('k'), store.set('k', 'v', 60_000)]) {
      const error = (await (call as Promise<unknown>).catch((e: unknown) => e)) as StoreError;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('ERR_STORE_UNAVAILABLE');
    }
  });

  it.each(['', 'api.example.com', 'ftp://x.example', 'https://api.example.com/path', undefined])(
    'refuses origin %j at creation',
    (bad) => {
      expect(() => createCacheApiStore(createFakeCache(), { origin: bad as string })).toThrow(
        TypeError,
      );
    },
  );
});
