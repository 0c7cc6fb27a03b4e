/** Bounded retries with jittered exponential backoff, for transient token-endpoint failures. */
import { TokenClientError } from './token-client-error.js';

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 2_000;

/**
 * The wait before retry `attempt` (1-based): 200 ms doubling up to 2 s, then a random
 * point in its upper half, so many clients that failed together do not retry together.
 *
 * @example
 * ```ts
 * retryDelayMs(1); // 100..200
 * retryDelayMs(3); // 400..800
 * ```
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Runs `operation`, and again up to `retries` times while it fails with a retryable
 * {@link TokenClientError}; any other failure, or the last, is thrown at once.
 *
 * @example
 * ```ts
 * const token = await withRetries(() => requestToken(request), 2);
 * ```
 */
export async function withRetries<T>(operation: () => Promise<T>, retries: number): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt > retries || !(error instanceof TokenClientError) || !error.retryable)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
  }
}
