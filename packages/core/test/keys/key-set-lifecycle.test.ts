/**
 * The key set's lifecycle as pure functions of the clock, at each boundary: the refresh
 * point at 80 % of freshness, stale from `freshUntil`, expired from the end of the
 * stale-if-error grace, `max-age` clamped to [cooldown, cacheMaxAge], and the backoff.
 */
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  freshnessMs,
  type KeySetTimings,
  keySetPhase,
} from '../../src/keys/key-set-lifecycle.js';

const timings: KeySetTimings = {
  cacheMaxAge: 600_000,
  cooldownDuration: 30_000,
  timeoutDuration: 5_000,
  staleIfError: 120_000,
};

describe('keySetPhase', () => {
  // Fetched at 1000, fresh for 10 s: refresh due from 9000, stale from 11000, expired from 131000.
  const age = { fetchedAt: 1_000, freshUntil: 11_000 };

  it.each([
    [1_000, 'fresh'],
    [8_999, 'fresh'],
    [9_000, 'refresh-due'],
    [10_999, 'refresh-due'],
    [11_000, 'stale'],
    [130_999, 'stale'],
    [131_000, 'expired'],
  ] as const)('at %i ms: %s', (now, phase) => {
    expect(keySetPhase(age, now, timings)).toBe(phase);
  });

  it('goes from stale straight to expired without a grace', () => {
    const noGrace = { ...timings, staleIfError: 0 };
    expect(keySetPhase(age, 10_999, noGrace)).toBe('refresh-due');
    expect(keySetPhase(age, 11_000, noGrace)).toBe('expired');
  });
});

describe('freshnessMs', () => {
  it.each([
    [undefined, 600_000],
    [0, 30_000],
    [29, 30_000],
    [31, 31_000],
    [599, 599_000],
    [601, 600_000],
  ])('max-age %s gives %i ms', (maxAge, expected) => {
    expect(freshnessMs(maxAge, timings)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it.each([
    [0, 1_000],
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [5, 16_000],
    [6, 30_000],
    [40, 30_000],
  ])('after %i failures waits %i ms', (failures, expected) => {
    expect(backoffMs(failures, timings)).toBe(expected);
  });
});
