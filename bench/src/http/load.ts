/**
 * One bounded autocannon run against a local server, each request carrying the next
 * token of a list (one token for "hot", the pool for "cold"), rotated across connections.
 */
import autocannon from 'autocannon';
import { assertLoopback } from '../loopback.js';
import { ROUTE } from './variants.js';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly url: string;
  readonly tokens: readonly string[];
  readonly connections: number;
  /** Run for this many seconds... */
  readonly seconds?: number;
  /** ...or send this many requests... */
  readonly amount?: number;
  /** ...but stop after this many seconds whatever `amount` says. */
  readonly maxSeconds?: number;
}

/** What one run measured. */
export interface LoadResult {
  readonly rps: number;
  readonly p99Ms: number;
  /** Non-2xx responses, errors and timeouts. */
  readonly failures: number;
}

/**
 * Runs autocannon. The same `setupRequest` runs in both token modes, so the client does
 * the same work whether the token changes or not.
 *
 * @example
 * ```ts
 * const { rps, p99Ms } = await runLoad({ url, tokens: [token], connections: 10, seconds: 3 });
 * ```
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const { tokens } = options;
  let next = 0;
  const settings: autocannon.Options = {
    url: options.url,
    connections: options.connections,
    ...(options.amount === undefined
      ? { duration: options.seconds ?? 3 }
      : { amount: options.amount }),
    requests: [
      {
        method: 'GET',
        path: ROUTE,
        setupRequest: (request) => {
          const token = tokens[next % tokens.length];
          next += 1;
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error, done) => (error ? reject(error) : resolve(done)));
    if (options.maxSeconds !== undefined) {
      const timer = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
      instance.once('done', () => clearTimeout(timer));
    }
  });
  return {
    rps: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
