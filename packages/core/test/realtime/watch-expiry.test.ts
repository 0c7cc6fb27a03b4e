import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthInfo } from '../../src/auth-info.js';
import { closeOnExpiry, POLICY_VIOLATION } from '../../src/realtime/close-on-expiry.js';
import { watchExpiry } from '../../src/realtime/watch-expiry.js';

const T0 = 1_800_000_000_000;
const authWith = (payload: Record<string, unknown>): AuthInfo =>
  ({ payload, header: { alg: 'ES256' }, token: 't' }) as AuthInfo;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('watchExpiry', () => {
  it('calls onExpire("expired") when exp passes, not before', () => {
    const onExpire = vi.fn();
    watchExpiry(authWith({ exp: T0 / 1000 + 90 }), { onExpire });
    vi.advanceTimersByTime(89_999);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onExpire).toHaveBeenCalledExactlyOnceWith('expired');
  });

  it('expires at once a token whose exp has passed', () => {
    const onExpire = vi.fn();
    watchExpiry(authWith({ exp: T0 / 1000 - 1 }), { onExpire });
    expect(onExpire).toHaveBeenCalledExactlyOnceWith('expired');
  });

  it('waits past the 24.8-day setTimeout limit without firing early', () => {
    const onExpire = vi.fn();
    watchExpiry(authWith({ exp: T0 / 1000 + 40 * 86_400 }), { onExpire });
    vi.advanceTimersByTime(30 * 86_400_000);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10 * 86_400_000);
    expect(onExpire).toHaveBeenCalledWith('expired');
  });

  it('calls onExpire("revoked") at the first check that says so, once, then stops checking', async () => {
    const onExpire = vi.fn();
    let revoked = false;
    const isRevoked = vi.fn(() => revoked);
    watchExpiry(authWith({ jti: 'a' }), { onExpire, isRevoked, checkEveryMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(onExpire).not.toHaveBeenCalled();
    revoked = true;
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onExpire).toHaveBeenCalledExactlyOnceWith('revoked');
    expect(isRevoked).toHaveBeenCalledTimes(2);
  });

  it('fails closed: a check that throws counts as revoked', async () => {
    const onExpire = vi.fn();
    watchExpiry(authWith({}), {
      onExpire,
      isRevoked: () => Promise.reject(new Error('store down')),
      checkEveryMs: 100,
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(onExpire).toHaveBeenCalledWith('revoked');
  });

  it('stop() cancels both timers', async () => {
    const onExpire = vi.fn();
    const isRevoked = vi.fn(() => true);
    const stop = watchExpiry(authWith({ exp: T0 / 1000 + 1 }), { onExpire, isRevoked });
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onExpire).not.toHaveBeenCalled();
    expect(isRevoked).not.toHaveBeenCalled();
  });

  it('validates its options at once', () => {
    const auth = authWith({});
    expect(() => watchExpiry(auth, {} as never)).toThrow(TypeError);
    expect(() => watchExpiry(auth, { onExpire() {}, checkEveryMs: 0 })).toThrow(/checkEveryMs/);
    expect(() => watchExpiry(auth, { onExpire() {}, isRevoked: 1 as never })).toThrow(/isRevoked/);
  });
});

describe('closeOnExpiry', () => {
  it('closes with 1008 and a short reason', () => {
    const close = vi.fn();
    closeOnExpiry({ close }, authWith({ exp: T0 / 1000 + 1 }));
    vi.advanceTimersByTime(1000);
    expect(close).toHaveBeenCalledExactlyOnceWith(POLICY_VIOLATION, 'token expired');
    expect(POLICY_VIOLATION).toBe(1008);
  });
});
