/**
 * One step of a callback-style framework (Express, Fastify's hooks), which returns at once
 * or a promise, settled without an unhandled rejection.
 */

/**
 * Runs `work` and hands what it throws or rejects with to `fail`: never an unhandled
 * rejection, since a callback-style framework (Express 4) does not catch a handler's promise.
 * `then` follows in this same tick when `work` returned at once (a token the cache answered
 * costs no promise), else when its promise resolves.
 *
 * @example
 * ```ts
 * const step = (run) => (req, _res, next) => settle(() => run(req), next, () => next());
 * ```
 */
export function settle(
  work: () => unknown,
  fail: (error: unknown) => void,
  then?: () => void,
): void {
  let done: unknown;
  try {
    done = work();
  } catch (error) {
    fail(error);
    return;
  }
  if (done instanceof Promise) done.then(then, fail);
  else then?.();
}
