/** What an app under test did with each request: ran its handler, or refused with a code. */

/** Records outcomes as an app sees them; {@link Observer.drain} hands them over and resets. */
export interface Observer {
  /** The protected handler ran. */
  handled(): void;
  /** The middleware refused: the error's `code`, as core set it. */
  refused(error: unknown): void;
  /** What happened since the last drain. */
  drain(): { handled: number; codes: string[] };
}

/**
 * Creates an observer: tests assert the error code and that the handler did not run, which
 * the HTTP answer alone cannot show.
 *
 * @example
 * ```ts
 * const observer = createObserver();
 * await call(base, { token });
 * expect(observer.drain()).toEqual({ handled: 0, codes: ['ERR_CERTIFICATE_MISMATCH'] });
 * ```
 */
export function createObserver(): Observer {
  let handled = 0;
  let codes: string[] = [];
  return {
    handled() {
      handled += 1;
    },
    refused(error) {
      const code = (error as { code?: unknown } | null | undefined)?.code;
      codes.push(typeof code === 'string' ? code : 'no code');
    },
    drain() {
      const seen = { handled, codes };
      handled = 0;
      codes = [];
      return seen;
    },
  };
}
