/**
 * Ends long-lived connections (WebSocket, Server-Sent Events) when their token stops being
 * valid: a handshake is verified once, so without this a socket outlives its token's `exp`
 * and its revocation.
 */
import type { AuthInfo } from '../auth-info.js';
import { type Fail, failWith } from '../options/option-error.js';
import type { IsRevoked } from '../verify/revocation.js';

/** Why a connection must end. */
export type ExpiryReason = 'expired' | 'revoked';

/** Options of {@link watchExpiry}. */
export interface WatchExpiryOptions {
  /** Called once, when the token expires or is revoked. */
  readonly onExpire: (reason: ExpiryReason) => void;
  /**
   * The same hook as `jwtAuth({ isRevoked })` (e.g. `denyList.isRevoked`), run every
   * `checkEveryMs`. A check that throws counts as revoked: as for requests, a revoked token
   * must not pass because the list could not be read. Default: none.
   */
  readonly isRevoked?: IsRevoked;
  /** Milliseconds between revocation checks. Default 30000. */
  readonly checkEveryMs?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
}

/** Stops the timers; safe to call more than once. */
export type StopWatching = () => void;

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days).
const MAX_DELAY = 2 ** 31 - 1;
const DEFAULT_CHECK_EVERY_MS = 30_000;

const fail: Fail = failWith((option) => `jwt-guard: watchExpiry() option "${option}"`);

/**
 * Calls `onExpire('expired')` when the token's `exp` passes, or `onExpire('revoked')` when a
 * periodic `isRevoked` check says so; at most once. Returns `stop`, to call when the
 * connection closes first. Timers are unref'd on Node: they never keep a process alive.
 *
 * @example
 * ```ts
 * const stop = watchExpiry(auth, { onExpire: (reason) => ws.close(1008, `token ${reason}`), isRevoked: denyList.isRevoked });
 * ws.on('close', stop);
 * ```
 */
export function watchExpiry(auth: AuthInfo<object>, options: WatchExpiryOptions): StopWatching {
  const { onExpire, isRevoked } = options;
  if (typeof onExpire !== 'function') fail('onExpire', 'must be a function');
  if (isRevoked !== undefined && typeof isRevoked !== 'function') {
    fail('isRevoked', 'must be a function');
  }
  const checkEveryMs = options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS;
  if (!Number.isFinite(checkEveryMs) || checkEveryMs <= 0) {
    fail('checkEveryMs', 'must be a positive number');
  }
  const now = options.now ?? Date.now;
  let done = false;
  let expiry: ReturnType<typeof setTimeout> | undefined;
  let checks: ReturnType<typeof setInterval> | undefined;

  const stop = () => {
    done = true;
    clearTimeout(expiry);
    clearInterval(checks);
  };
  const end = (reason: ExpiryReason) => {
    if (done) return;
    stop();
    onExpire(reason);
  };
  const { exp } = auth.payload as { exp?: unknown };
  const armExpiry = () => {
    const left = (exp as number) * 1000 - now();
    if (left <= 0) return end('expired');
    expiry = unref(setTimeout(armExpiry, Math.min(left, MAX_DELAY)));
  };
  if (typeof exp === 'number') armExpiry();
  if (isRevoked && !done) {
    checks = unref(
      setInterval(() => {
        Promise.resolve()
          .then(() => isRevoked(auth.payload, auth.header))
          .then(
            (revoked) => revoked === true && end('revoked'),
            () => end('revoked'),
          );
      }, checkEveryMs),
    );
  }
  return stop;
}

function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
