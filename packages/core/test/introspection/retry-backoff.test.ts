/** The wait after a failed introspection: from a second, doubling, capped, ended by a success. */
import { describe, expect, it } from 'vitest';
import { createRetryBackoff } from '../../src/introspection/retry-backoff.js';

describe('retry backoff', () => {
  it('doubles from a second up to the cap, and a success ends it', () => {
    let clock = 0;
    const backoff = createRetryBackoff(5_000, () => clock);
    expect(backoff.remaining()).toBe(0);
    const waits = [1, 2, 3, 4].map(() => {
      backoff.failed();
      return backoff.remaining();
    });
    expect(waits).toEqual([1_000, 2_000, 4_000, 5_000]);
    clock += 4_000;
    expect(backoff.remaining()).toBe(1_000);
    backoff.succeeded();
    expect(backoff.remaining()).toBe(0);
    backoff.failed();
    expect(backoff.remaining()).toBe(1_000);
  });

  it('a cap under a second is the whole wait; zero never waits', () => {
    const short = createRetryBackoff(300, () => 0);
    short.failed();
    expect(short.remaining()).toBe(300);
    const none = createRetryBackoff(0, () => 0);
    none.failed();
    expect(none.remaining()).toBe(0);
  });
});
