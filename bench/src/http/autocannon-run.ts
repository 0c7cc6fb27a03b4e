/**
 * One bounded autocannon run against a local server, in whichever process calls it: the
 * load child (`load-main.ts`) for every measured case, this process for the old client.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { assertLoopback } from '../loopback.js';
import { ROUTE } from './variants.js';

/**
 * How requests carry the tokens. `static`: one pre-built request per token, which each
 * connection cycles from the start of the list (autocannon builds them once, before the
 * run). `rotating`: a `setupRequest` callback builds every request anew with the next
 * token of a cursor shared by the connections (the old client; still used to warm up,
 * where it sends each token of a pool once whatever the number of connections).
 */
export type RequestMode = 'static' | 'rotating';

/** One run, as sent to the load child. */
export interface LoadSpec {
  readonly url: string;
  readonly tokens: readonly string[];
  readonly connections: number;
  readonly requests: RequestMode;
  /** Run for this many seconds... */
  readonly seconds?: number;
  /** ...or send this many requests... */
  readonly amount?: number;
  /** ...but stop after this many seconds whatever `amount` says. */
  readonly maxSeconds?: number;
  /**
   * `refused`: every answer should be a 4xx (a flood of refused requests); otherwise a 2xx.
   * With no tokens at all, requests carry no `Authorization`.
   */
  readonly expect?: 'ok' | 'refused';
}

/** What one run measured. */
export interface LoadResult {
  readonly rps: number;
  readonly p99Ms: number;
  /** Answers other than expected (2xx, or 4xx for `expect: 'refused'`), errors and timeouts. */
  readonly failures: number;
  /** How long the run took, in seconds. */
  readonly seconds: number;
  /** CPU time the generating process used during the run ÷ `seconds` (1 = one core). */
  readonly cpu: number;
}

const header = (token: string) => ({ authorization: `Bearer ${token}` });

function requestsOf(spec: LoadSpec): autocannon.Request[] {
  const { tokens } = spec;
  if (tokens.length === 0) return [{ method: 'GET', path: ROUTE }];
  if (spec.requests === 'static') {
    return tokens.map((token) => ({ method: 'GET', path: ROUTE, headers: header(token) }));
  }
  let next = 0;
  const setupRequest = (request: autocannon.Request) => {
    const token = tokens[next % tokens.length]!;
    next += 1;
    return { ...request, headers: { ...request.headers, ...header(token) } };
  };
  return [{ method: 'GET', path: ROUTE, setupRequest }];
}

/**
 * Runs autocannon as `spec` says.
 *
 * @example
 * ```ts
 * const { rps } = await runAutocannon({ url, tokens: [token], connections: 10, requests: 'static', seconds: 3 });
 * ```
 */
export async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  assertLoopback(spec.url);
  const settings: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount === undefined ? { duration: spec.seconds ?? 3 } : { amount: spec.amount }),
    requests: requestsOf(spec),
  };
  let started = 0;
  let cpuBefore = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error, done) => (error ? reject(error) : resolve(done)));
    // autocannon builds every connection's requests before it returns (for a pool of
    // 5000, 10 × 5000 builds: seconds on a busy core), inside its own `duration`; the
    // run proper starts here.
    started = performance.now();
    cpuBefore = process.cpuUsage();
    if (spec.maxSeconds !== undefined) {
      const timer = setTimeout(() => instance.stop(), spec.maxSeconds * 1000);
      instance.once('done', () => clearTimeout(timer));
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: result.requests.total / seconds,
    p99Ms: result.latency.p99,
    failures:
      (spec.expect === 'refused'
        ? result['1xx'] + result['2xx'] + result['3xx'] + result['5xx']
        : result.non2xx) +
      result.errors +
      result.timeouts,
    seconds,
    cpu: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}
