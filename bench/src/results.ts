/** The shapes of a run's results, as written to results/latest.json. */
import type { Alg } from './config.js';
import type { RefusalKind } from './http/refusals.js';
import type { ReportSection } from './sections.js';

/** "hot": one token repeated; "cold": a pool of distinct tokens, cycled. */
export type TokenMode = 'hot' | 'cold';

/** One contender in one in-process cell (algorithm × token mode × verifications in flight). */
export interface InProcessRow {
  readonly alg: Alg;
  readonly mode: TokenMode;
  /** 1 = sequential. */
  readonly inFlight: number;
  readonly id: string;
  readonly label: string;
  /** Id of our variant the ratio is taken against. */
  readonly baseline: string;
  /** Median verifications per second; absent when skipped or failed. */
  readonly opsPerSec?: number;
  readonly rounds?: readonly number[];
  /** Why it did not run, or how it failed. */
  readonly missing?: string;
}

/**
 * The load generator of an HTTP row. `own-process`: autocannon in a child process of its
 * own, static requests (every measured row). `in-process`: the old client, autocannon in
 * the bench's process with a `setupRequest` callback (only the no-auth rows that show
 * the server is the bottleneck).
 */
export type HttpClient = 'own-process' | 'in-process';

/**
 * What an HTTP case sends: an accepted token (`hot`: one repeated; `cold`: a pool of
 * distinct ones), or a flood of one kind of refused request.
 */
export type HttpMode = TokenMode | RefusalKind;

/** One HTTP server configuration under one token mode and load generator. */
export interface HttpRow {
  readonly framework: string;
  readonly id: string;
  readonly label: string;
  /** `none` for the route without auth. */
  readonly auth: string;
  readonly mode: HttpMode;
  readonly client: HttpClient;
  /** Median requests per second over the rounds. */
  readonly rps?: number;
  /** Requests per second of each round. */
  readonly rounds?: readonly number[];
  /** Median of the rounds' p99 latency, in milliseconds. */
  readonly p99Ms?: number;
  /** Median CPU time of the server's process ÷ wall time (1 = one core fully busy). */
  readonly serverCpu?: number;
  /** The server's CPU share of each round, beside `rounds`. */
  readonly serverCpuRounds?: readonly number[];
  /** The same for the load generator's process. */
  readonly clientCpu?: number;
  /** Responses other than 2xx, errors and timeouts, summed over the rounds (should be 0). */
  readonly failures?: number;
  readonly missing?: string;
}

/** Heap growth after verifying many distinct tokens, in MB (1e6 bytes), after full GCs. */
export interface MemoryRow {
  readonly id: string;
  readonly label: string;
  readonly tokens: number;
  /** The token cache's bound in entries (0: cache off). */
  readonly cacheEntries: number;
  /** At the end, the verifier alive. */
  readonly heapGrowthMB: number;
  /** The most seen along the way (at a tenth, half and all of the tokens). */
  readonly peakGrowthMB: number;
  /** After the verifier and its cache were let go: what anything else kept. */
  readonly releasedMB: number;
  readonly seconds: number;
}

/** One issuer case: calls per second over the rounds, and its ratio to the part's baseline. */
export interface IssuerRow {
  readonly id: string;
  readonly label: string;
  /** Median calls per second. */
  readonly opsPerSec: number;
  readonly rounds: readonly number[];
  /** Median of per-round ratios to the baseline (raw sign for issue(), memory for refresh()). */
  readonly ratio: number;
}

/** Phase 4: issue() against the raw sign, refresh() on memory and Redis. */
export interface IssuerResults {
  /** Bytes of the signing input the raw sign signs (an access token's header.payload). */
  readonly inputBytes: number;
  readonly issue: readonly IssuerRow[];
  readonly refresh: readonly IssuerRow[];
  /** Redis round trips (store calls) per refresh(), over every call measured. */
  readonly redisTrips: {
    readonly calls: number;
    readonly median: number;
    readonly min: number;
    readonly max: number;
    /** Calls that took more than 2. */
    readonly overTwo: number;
    /** Key-ring re-reads among them (each issuer reads the ring once per `keys.refreshEvery`). */
    readonly ringReads: number;
    /** The most round trips one call made on its family (ring re-reads left out). */
    readonly familyMax: number;
  };
}

/** A whole run. */
export interface BenchResults {
  readonly meta: {
    readonly date: string;
    readonly node: string;
    readonly cpus: string;
    readonly quick: boolean;
    readonly seconds: number;
    /** 1-minute load average at start and end (2 cores: above 2, others were running). */
    readonly load: readonly number[];
    readonly settings: unknown;
  };
  readonly inProcess: readonly InProcessRow[];
  readonly http: readonly HttpRow[];
  readonly memory: {
    readonly rows: readonly MemoryRow[];
  };
  /** Absent when the phase did not run. */
  readonly issuer?: IssuerResults;
  /** The deny, scale and floors phases that ran, each with its own Markdown. */
  readonly sections?: readonly ReportSection[];
  readonly notes: readonly string[];
}
