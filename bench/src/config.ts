/** Run settings from the command line: the full run, or `--quick` for a smoke test. */

/** The signature algorithms every in-process contender is measured with. */
export type Alg = 'RS256' | 'ES256' | 'EdDSA';

/** The phases of a run; `--only=inproc,http,memory,issuer` picks some. */
export type Phase = 'inproc' | 'http' | 'memory' | 'issuer' | SectionPhase;

/** The phases that render their own report section (`sections.ts`). */
export type SectionPhase = 'deny' | 'scale' | 'floors';

/** Settings of one run. Durations in milliseconds unless named otherwise. */
export interface BenchConfig {
  readonly quick: boolean;
  readonly phases: ReadonlySet<Phase>;
  readonly algorithms: readonly Alg[];
  /** Distinct tokens per algorithm for the "cold" mode. */
  readonly poolSize: number;
  /** Measured rounds per contender and cell; the median is reported. */
  readonly rounds: number;
  readonly roundMs: number;
  /** Cap on one contender's warm-up (it otherwise runs one pass over the tokens). */
  readonly warmupCapMs: number;
  /** Verifications kept in flight in the concurrent mode. */
  readonly inFlight: number;
  readonly http: {
    readonly alg: Alg;
    /** Distinct tokens in the HTTP "pool" case. */
    readonly poolSize: number;
    /** Frameworks measured (`--frameworks=`); all by default. */
    readonly frameworks: readonly string[] | undefined;
    /** Server variants measured, by `auth` id (`--servers=none,noop,ours`); all by default. */
    readonly servers: readonly string[] | undefined;
    /** What verifying middlewares are sent (`--http-modes=hot,cold,expired`); all by default. */
    readonly modes: readonly string[] | undefined;
    readonly connections: number;
    readonly seconds: number;
    /** Rounds per lot of server processes. */
    readonly rounds: number;
    /**
     * Fresh sets of server processes each case is measured in, one after another. Identical
     * servers differ here by up to a tenth in req/s for their whole life (code and memory
     * layout, JIT timing); several lots keep one lucky or unlucky process from deciding a ratio.
     */
    readonly lots: number;
    /** Cap on one case's warm-up (it otherwise sends one pass over its tokens). */
    readonly warmupCapSeconds: number;
    /** Hold the server to one core and the load generator to the other (`--pin`). */
    readonly pin: boolean;
  };
  /** Distinct tokens verified in the memory phase (`--memory-tokens=`). */
  readonly memoryTokens: number;
  /** The memory phase's token cache bound, in entries. */
  readonly memoryCacheEntries: number;
  /** The issuer phase: rounds per case, each `roundMs` long; refresh families per store. */
  readonly issuer: { readonly rounds: number; readonly roundMs: number; readonly families: number };
}

const ALL_PHASES: readonly Phase[] = [
  'inproc',
  'http',
  'memory',
  'issuer',
  'deny',
  'scale',
  'floors',
];

/**
 * Reads `--quick`, `--only=<phase,...>` and `--pin`; anything else is an error.
 *
 * @example
 * ```ts
 * const config = parseConfig(process.argv.slice(2));
 * ```
 */
export function parseConfig(argv: readonly string[]): BenchConfig {
  let quick = false;
  let pin = false;
  let phases = new Set<Phase>(ALL_PHASES);
  const lists: Record<string, string[] | undefined> = {};
  let memoryTokens: number | undefined;
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2) as [string, string | undefined];
    if (arg === '--') continue;
    if (arg === '--quick') quick = true;
    else if (arg === '--pin') pin = true;
    else if (['--frameworks', '--servers', '--http-modes'].includes(flag) && value) {
      lists[flag] = value.split(',');
    } else if (flag === '--memory-tokens' && Number(value) > 0) memoryTokens = Number(value);
    else if (arg.startsWith('--only=')) {
      const picked = arg.slice('--only='.length).split(',');
      const unknown = picked.filter((p) => !ALL_PHASES.includes(p as Phase));
      if (unknown.length > 0) throw new TypeError(`unknown phase(s): ${unknown.join(', ')}`);
      phases = new Set(picked as Phase[]);
    } else {
      throw new TypeError(
        `unknown argument ${arg} (use --quick, --only=inproc,http,memory,issuer, --pin, --frameworks=, --servers=, --http-modes=, --memory-tokens=)`,
      );
    }
  }
  return {
    quick,
    phases,
    algorithms: ['RS256', 'ES256', 'EdDSA'],
    poolSize: quick ? 300 : 5000,
    rounds: quick ? 2 : 7,
    roundMs: quick ? 40 : 100,
    warmupCapMs: quick ? 150 : 1000,
    inFlight: 32,
    http: {
      alg: 'RS256',
      poolSize: 10_000,
      frameworks: lists['--frameworks'],
      servers: lists['--servers'],
      modes: lists['--http-modes'],
      connections: 10,
      seconds: quick ? 1 : 2,
      rounds: 3,
      // --quick: one lot of three rounds, the fewest that still give a spread between rounds.
      lots: quick ? 1 : 3,
      warmupCapSeconds: quick ? 1 : 4,
      pin,
    },
    memoryTokens: memoryTokens ?? (quick ? 20_000 : 1_000_000),
    memoryCacheEntries: 10_000,
    issuer: { rounds: quick ? 3 : 21, roundMs: quick ? 50 : 200, families: quick ? 50 : 500 },
  };
}
