/**
 * The fetch budget for new issuers on its own (issue 19 §1.1): so many fetches per minute of
 * the clock, per instance without a store, one budget for every instance sharing a store,
 * and each instance's own while that store fails.
 */
import { describe, expect, it } from 'vitest';
import { createFetchBudget } from '../../src/keys/fetch-budget.js';
import { createMemoryStore, type SharedStore } from '../../src/store/index.js';

const MINUTE = 60_000;

async function takeMany(budget: { take(): Promise<boolean> }, times: number) {
  const taken: boolean[] = [];
  for (let i = 0; i < times; i += 1) taken.push(await budget.take());
  return taken;
}

/** A memory store that records every setIfAbsent it is asked. */
function recordingStore() {
  const store = createMemoryStore();
  const asked: { key: string; ttlMs: number }[] = [];
  const recording: SharedStore = {
    get: (key) => store.get(key),
    set: (key, value, ttlMs) => store.set(key, value, ttlMs),
    setIfAbsent(key, value, ttlMs) {
      asked.push({ key, ttlMs });
      return store.setIfAbsent(key, value, ttlMs);
    },
  };
  return { store: recording, asked };
}

describe('createFetchBudget', () => {
  it('without a store: so many a minute, then none until the minute turns', async () => {
    const clock = { ms: 5 * MINUTE };
    const budget = createFetchBudget({ perMinute: 3, store: undefined, now: () => clock.ms });
    expect(await takeMany(budget, 5)).toEqual([true, true, true, false, false]);
    clock.ms += MINUTE - 1;
    expect(await budget.take()).toBe(false);
    clock.ms += 1;
    expect(await takeMany(budget, 4)).toEqual([true, true, true, false]);
  });

  it('a budget of 0 allows nothing, with or without a store', async () => {
    const { store, asked } = recordingStore();
    for (const shared of [undefined, store]) {
      const budget = createFetchBudget({ perMinute: 0, store: shared, now: () => 0 });
      expect(await takeMany(budget, 2)).toEqual([false, false]);
    }
    expect(asked).toEqual([]);
  });

  it('with a store: one budget for every instance, in numbered slots of the minute', async () => {
    const { store, asked } = recordingStore();
    const clock = { ms: 7 * MINUTE + 30_000 };
    const now = () => clock.ms;
    const a = createFetchBudget({ perMinute: 3, store, now });
    const b = createFetchBudget({ perMinute: 3, store, now });
    expect(await a.take()).toBe(true);
    expect(await b.take()).toBe(true);
    expect(await b.take()).toBe(true);
    expect(await a.take()).toBe(false);
    expect(await b.take()).toBe(false);
    // Each instance asks for each slot once: a spent budget costs the store nothing more.
    expect(asked.map(({ key }) => key)).toEqual([
      'issuer-budget:7:0',
      'issuer-budget:7:0',
      'issuer-budget:7:1',
      'issuer-budget:7:2',
      'issuer-budget:7:1',
      'issuer-budget:7:2',
    ]);
    expect(await takeMany(a, 3)).toEqual([false, false, false]);
    expect(asked).toHaveLength(6);
    // Slots outlive their minute, for an instance whose clock lags.
    expect(new Set(asked.map(({ ttlMs }) => ttlMs))).toEqual(new Set([2 * MINUTE]));
    clock.ms += MINUTE;
    expect(await takeMany(a, 4)).toEqual([true, true, true, false]);
    expect(asked.at(-1)?.key).toBe('issuer-budget:8:2');
  });

  it('concurrent takes of one instance ask for different slots', async () => {
    const { store, asked } = recordingStore();
    const budget = createFetchBudget({ perMinute: 2, store, now: () => 0 });
    const taken = await Promise.all([budget.take(), budget.take(), budget.take()]);
    expect(taken.filter(Boolean)).toHaveLength(2);
    expect(asked.map(({ key }) => key)).toEqual(['issuer-budget:0:0', 'issuer-budget:0:1']);
  });

  it('a store that fails: the instance keeps to a budget of its own', async () => {
    let calls = 0;
    const failing: SharedStore = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      setIfAbsent: () => {
        calls += 1;
        return Promise.reject(new Error('down'));
      },
    };
    const clock = { ms: 0 };
    const budget = createFetchBudget({ perMinute: 2, store: failing, now: () => clock.ms });
    expect(await takeMany(budget, 4)).toEqual([true, true, false, false]);
    expect(calls).toBe(2);
    clock.ms += MINUTE;
    expect(await takeMany(budget, 3)).toEqual([true, true, false]);
  });
});
