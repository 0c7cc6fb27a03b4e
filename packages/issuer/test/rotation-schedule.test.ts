import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRotationSchedule } from '../src/rotation-schedule.js';
import { issuerOn } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('rotation schedule', () => {
  it('checks on each tick, reports a failed check as an error, and stops on close', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let ticks = 0;
    const schedule = startRotationSchedule(
      60_000,
      async () => {
        ticks += 1;
        if (ticks === 2) throw new Error('store down');
      },
      (error) => errors.push(error),
    );
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ticks).toBe(2);
    expect(errors).toEqual([expect.any(Error)]);
    schedule.close();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(ticks).toBe(2);
  });

  it('never runs a check while the previous one is still pending', async () => {
    vi.useFakeTimers();
    let running = 0;
    let release = () => {};
    const schedule = startRotationSchedule(
      1_000,
      () => {
        running += 1;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
      () => {},
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(running).toBe(1);
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(running).toBe(2);
    schedule.close();
  });

  it('an issuer with the schedule on rotates a due ring by itself, and close stops it', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = Date.UTC(2026, 0, 1);
    const events: { type: string }[] = [];
    const tokens = issuerOn(undefined, {
      now: () => now,
      onEvent: (event) => events.push(event),
      keys: { encryptionSecret: 'k'.repeat(32), rotateEvery: '1h' },
    });
    await tokens.jwks();
    now += 3_600_000;
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(events.map((event) => event.type)).toEqual(['key-rotated']));
    tokens.close();
    now += 3_600_000;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(events).toHaveLength(1);
  });
});
