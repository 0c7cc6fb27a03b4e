/**
 * The atomic operations of the memory store (compareAndSet, delete) and the creation-time
 * check that refuses a store without them (assertAtomicStore).
 */
import { describe, expect, it } from 'vitest';
import {
  assertAtomicStore,
  createCacheApiStore,
  createKvStore,
  createMemoryStore,
} from '../../src/store/index.js';
import { createFakeCache, createFakeKv, sleep } from './fakes.js';

describe('memory store compareAndSet', () => {
  it('stores when absent was expected and the key is absent, and only then', async () => {
    const store = assertAtomicStore(createMemoryStore(), 'store');
    expect(await store.compareAndSet('k', undefined, 'one', 60_000)).toBe(true);
    expect(await store.get('k')).toBe('one');
    expect(await store.compareAndSet('k', undefined, 'two', 60_000)).toBe(false);
    expect(await store.get('k')).toBe('one');
  });

  it('replaces only the value expected, and treats the empty string as a value', async () => {
    const store = assertAtomicStore(createMemoryStore(), 'store');
    await store.set('k', 'one', 60_000);
    expect(await store.compareAndSet('k', 'other', 'two', 60_000)).toBe(false);
    expect(await store.compareAndSet('k', 'one', 'two', 60_000)).toBe(true);
    expect(await store.get('k')).toBe('two');
    expect(await store.compareAndSet('k', 'one', 'three', 60_000)).toBe(false);
    expect(await store.get('k')).toBe('two');
    expect(await store.compareAndSet('absent', 'x', 'y', 60_000)).toBe(false);
    expect(await store.get('absent')).toBeUndefined();
    await store.set('empty', '', 60_000);
    expect(await store.compareAndSet('empty', undefined, 'x', 60_000)).toBe(false);
    expect(await store.compareAndSet('empty', '', 'x', 60_000)).toBe(true);
  });

  it('counts an expired entry as absent, and gives the new value its own TTL', async () => {
    const store = assertAtomicStore(createMemoryStore(), 'store');
    await store.set('k', 'old', 30);
    await sleep(60);
    expect(await store.compareAndSet('k', 'old', 'x', 60_000)).toBe(false);
    expect(await store.compareAndSet('k', undefined, 'new', 40)).toBe(true);
    expect(await store.get('k')).toBe('new');
    await sleep(80);
    expect(await store.get('k')).toBeUndefined();
  });

  it('gives exactly one win to 50 concurrent callers that read the same value', async () => {
    const store = assertAtomicStore(createMemoryStore(), 'store');
    await store.set('family', 'generation-0', 60_000);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.compareAndSet('family', 'generation-0', `generation-1-by-${i}`, 60_000),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('family')).toBe(`generation-1-by-${results.indexOf(true)}`);
  });

  it('keeps prefixes apart and refuses a bad TTL with a TypeError', async () => {
    const a = assertAtomicStore(createMemoryStore({ prefix: 'a:' }), 'store');
    expect(await a.compareAndSet('k', undefined, 'a', 60_000)).toBe(true);
    await expect(a.compareAndSet('k', 'a', 'b', 0)).rejects.toBeInstanceOf(TypeError);
    await expect(a.compareAndSet('k', 'a', 'b', Number.NaN)).rejects.toBeInstanceOf(TypeError);
    expect(await a.get('k')).toBe('a');
  });

  it('delete removes a key so that absent may be expected again, and ignores an unknown one', async () => {
    const store = assertAtomicStore(createMemoryStore(), 'store');
    await store.set('k', 'v', 60_000);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    await store.delete('never-set');
    expect(await store.compareAndSet('k', undefined, 'again', 60_000)).toBe(true);
  });
});

describe('assertAtomicStore', () => {
  it('returns the store itself when it has compareAndSet and delete', () => {
    const store = createMemoryStore();
    expect(assertAtomicStore(store, 'store')).toBe(store);
  });

  it.each([
    ['KV', () => createKvStore(createFakeKv())],
    ['Cache API', () => createCacheApiStore(createFakeCache(), { origin: 'https://a.example' })],
  ])('refuses the %s store with a TypeError naming the option', (_kind, make) => {
    const store = make();
    expect(() => assertAtomicStore(store, 'store')).toThrow(TypeError);
    expect(() => assertAtomicStore(store, 'refreshToken.store')).toThrow(
      /option "refreshToken\.store"/,
    );
  });

  it('refuses a store without delete or without compareAndSet, and anything that is not a store', () => {
    const { delete: _dropped, ...partial } = createMemoryStore();
    expect(() => assertAtomicStore(partial, 'store')).toThrow(TypeError);
    const { compareAndSet: _alsoDropped, ...noCompareAndSet } = createMemoryStore();
    expect(() => assertAtomicStore(noCompareAndSet, 'store')).toThrow(TypeError);
    const atomic = { compareAndSet() {}, delete() {} };
    const notStores = [
      { ...atomic, set() {}, setIfAbsent() {} },
      { ...atomic, get() {}, setIfAbsent() {} },
      { ...atomic, get() {}, set() {} },
    ];
    for (const value of [undefined, null, 'redis://x', {}, { get() {}, set() {} }, ...notStores]) {
      expect(() => assertAtomicStore(value, 'store')).toThrow(/option "store"/);
    }
  });
});
