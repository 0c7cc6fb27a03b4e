/**
 * The rotation schedule: a timer that asks every minute whether the ring is due. It never
 * keeps a Node process alive (unref) and never runs inside `issue()`. On Workers, call
 * `rotateKeys()` from a Cron Trigger instead.
 */

/** A running schedule. */
export interface RotationSchedule {
  /** Stops the timer. */
  close(): void;
}

/**
 * Calls `tick` every `everyMs`; a rejected tick goes to `onError`, never unhandled, and the
 * next tick tries again.
 *
 * @example
 * ```ts
 * const schedule = startRotationSchedule(60_000, () => keys.rotateIfDue(), report);
 * schedule.close();
 * ```
 */
export function startRotationSchedule(
  everyMs: number,
  tick: () => Promise<unknown>,
  onError: (error: unknown) => void,
): RotationSchedule {
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // A slow store must not pile up overlapping checks.
    running = true;
    tick()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  (timer as { unref?: () => void }).unref?.();
  return { close: () => clearInterval(timer) };
}
